import { useEffect } from 'react';
import { api, type Module } from '../api/client';

const EVERY_MS = 4000;

/**
 * Saves a signed-in learner's place in the module (the section they are reading) every few seconds
 * while it changes and when they leave, so "resume" opens it there on any device.
 */
export function useSavedPlace(signedIn: boolean, module: Module, where: () => string): void {
  useEffect(() => {
    if (!signedIn) return;
    let saved = '';
    const save = () => {
      const place = where();
      if (place === saved) return;
      saved = place;
      void api
        .savePlace(module.courseId, { release: module.releaseId, module: module.id, place })
        .catch(() => undefined);
    };
    const timer = setInterval(save, EVERY_MS);
    return () => {
      clearInterval(timer);
      save();
    };
  }, [signedIn, module.courseId, module.releaseId, module.id, where]);
}
