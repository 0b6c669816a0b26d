import { MIN_GROUP } from './schema';

/**
 * Statistical disclosure control for a breakdown: groups of fewer than MIN_GROUP learners are hidden.
 * When exactly one group would be hidden, the next smallest is hidden too, so that the total shown
 * elsewhere minus the groups shown does not give the hidden one away (secondary suppression).
 */
export function suppressSmallGroups<T extends { enrolments: number }>(
  groups: T[],
  min = MIN_GROUP,
): { shown: T[]; hidden: number } {
  const small = groups.filter((g) => g.enrolments < min);
  let shown = groups.filter((g) => g.enrolments >= min);
  if (small.length === 1 && shown.length > 0) {
    const smallest = shown.reduce((a, b) => (b.enrolments < a.enrolments ? b : a));
    shown = shown.filter((g) => g !== smallest);
  }
  return { shown, hidden: groups.length - shown.length };
}
