import { useCallback, useEffect, useRef, useState } from 'react';
import { discussionApi } from './api';

/** How often an open, visible discussion asks whether others have posted. */
export const POLL_SECONDS = 30;

/**
 * Counts comments others posted since the list was last loaded, asking every POLL_SECONDS while the
 * tab is visible and at once when it becomes visible again, counting only the languages the list shows. `mark` starts counting afresh; call it
 * before (re)loading the list so nothing posted in between is missed.
 */
export function useNewComments(course: string, module: string, step: string, languages: string[]) {
  const [count, setCount] = useState(0);
  const since = useRef<string | null>(null);

  const mark = useCallback(async () => {
    try {
      since.current = String((await discussionApi.newSince(course, module, step)).checkedAt);
    } catch {
      since.current = null; // the next load tries again; a missed notice is not worth an error message
    }
    setCount(0);
  }, [course, module, step]);

  useEffect(() => {
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      if (!since.current) return void mark(); // the first ask failed (offline): start counting now
      const asked = since.current;
      discussionApi.newSince(course, module, step, asked, languages).then(
        // An answer about a list that has since been reloaded is old news.
        (answer) => since.current === asked && setCount(answer.count),
        () => {}, // offline for a moment: ask again next time
      );
    };
    const timer = window.setInterval(check, POLL_SECONDS * 1000);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
    // The languages are a new array on every render: their contents are what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [course, module, step, mark, languages.join(',')]);

  return { count, mark };
}
