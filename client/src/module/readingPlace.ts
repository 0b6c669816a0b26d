/**
 * Keeps the reader's place across a language switch: translations keep the same sections,
 * so the index of the section heading at the top of the screen finds the same place again.
 */
let pending: number | undefined;

function headings(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('.module-content h2, .module-content h3'));
}

export function rememberReadingPlace(): void {
  const list = headings();
  let index = -1;
  list.forEach((h, i) => {
    if (h.getBoundingClientRect().top <= 80) index = i;
  });
  pending = index >= 0 ? index : undefined;
}

/** Scrolls back to the remembered section, once; returns whether it did. */
export function restoreReadingPlace(): boolean {
  if (pending === undefined) return false;
  const target = headings()[pending];
  pending = undefined;
  if (!target) return false;
  target.scrollIntoView({ block: 'start' });
  target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
  return true;
}
