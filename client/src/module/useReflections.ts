import { useEffect, useMemo, useState } from 'react';
import { api, type Module } from '../api/client';

export interface ReflectionStore {
  /** Loaded from the account; undefined for a guest or while loading. */
  saved?: Map<string, string>;
  save?: (id: string, text: string) => Promise<void>;
}

/** A signed-in learner's reflections for this module, kept in their account. */
export function useReflections(module: Module | null): ReflectionStore {
  const [saved, setSaved] = useState<Map<string, string>>();
  const course = module?.courseId;
  const id = module?.id;
  useEffect(() => {
    setSaved(undefined);
    if (!course || !id) return;
    const controller = new AbortController();
    api
      .reflections(course, id, controller.signal)
      .then((r) => setSaved(new Map(r.reflections.map((x) => [x.id, x.text]))))
      .catch(() => undefined);
    return () => controller.abort();
  }, [course, id]);
  return useMemo(
    () =>
      course && id
        ? { saved, save: (reflection: string, text: string) => api.saveReflection(course, id, reflection, text) }
        : {},
    [course, id, saved],
  );
}
