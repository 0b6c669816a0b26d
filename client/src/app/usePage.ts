import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

let firstPage = true;

/** Sets the document title and moves focus to the page's heading, so screen readers announce the new page. */
export function usePage(title: string | undefined, focusKey: string, options: { focus?: boolean } = {}) {
  const focus = options.focus ?? true;
  const heading = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    if (title) document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (!title) return;
    // On the first page the browser starts at the top (skip link first); after navigation, focus the new heading.
    if (firstPage) firstPage = false;
    else if (focus) heading.current?.focus({ preventScroll: false });
    // Focus once per page, not on every re-render or language change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusKey, Boolean(title)]);
  return heading;
}
