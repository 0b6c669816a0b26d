/**
 * Keeps the reader's place across a language switch: translations keep the same sections,
 * so the index of the section heading at the top of the screen finds the same place again.
 */
let pending: number | undefined;

function headings(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('.module-content h2, .module-content h3'));
}

function sectionAtTop(): number {
  let index = -1;
  headings().forEach((h, i) => {
    if (h.getBoundingClientRect().top <= 80) index = i;
  });
  return index;
}

export function rememberReadingPlace(): void {
  const index = sectionAtTop();
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

/** The section at the top of the screen as a place name ("section-3"), the same in every translation. */
export function currentPlace(): string {
  const index = sectionAtTop();
  return index >= 0 ? `section-${index}` : 'start';
}

/** Opens a module at a place saved on any device; returns whether it found it. */
export function goToPlace(place: string | null): boolean {
  const index = /^section-(\d+)$/.exec(place ?? '')?.[1];
  if (index === undefined) return false;
  pending = Number(index);
  return restoreReadingPlace();
}
