import { useEffect } from 'react';
import { api, type Module } from '../api/client';

const EVERY_MS = 4000;

/**
 * Saves a signed-in learner's place in the module (the section they are reading) every few seconds
 * while it changes, when they move elsewhere in the app, and when the tab is hidden or closed, so
 * "resume" opens it there on any device.
 */
export function useSavedPlace(signedIn: boolean, module: Module, where: () => string): void {
  useEffect(() => {
    if (!signedIn) return;
    let saved = '';
    const save = (keepalive = false) => {
      const place = where();
      if (place === saved) return;
      saved = place;
      // As the tab closes, only a keepalive request outlives the page; it carries the CSRF header
      // like any other (a beacon could not), so the server's checks stay the same.
      void api
        .savePlace(module.courseId, { release: module.releaseId, module: module.id, place }, keepalive)
        .catch(() => undefined);
    };
    const leaving = () => save(true);
    const hidden = () => {
      if (document.visibilityState === 'hidden') save(true);
    };
    const timer = setInterval(save, EVERY_MS);
    window.addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leaving);
      document.removeEventListener('visibilitychange', hidden);
      save();
    };
  }, [signedIn, module.courseId, module.releaseId, module.id, where]);
}
