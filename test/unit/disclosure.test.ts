import { suppressSmallGroups } from '../../server/src/reports/disclosure';

const g = (name: string, enrolments: number) => ({ name, enrolments });

describe('disclosure control', () => {
  it('hides groups under 5 learners', () => {
    const { shown, hidden } = suppressSmallGroups([g('a', 10), g('b', 4), g('c', 3), g('d', 5)]);
    expect(shown.map((x) => x.name)).toEqual(['a', 'd']);
    expect(hidden).toBe(2);
  });

  it('hides the next smallest group too when only one would be hidden', () => {
    const { shown, hidden } = suppressSmallGroups([g('a', 10), g('b', 6), g('c', 1)]);
    expect(shown.map((x) => x.name)).toEqual(['a']);
    expect(hidden).toBe(2);
  });

  it('shows everything when every group is large enough, and nothing when none is', () => {
    expect(suppressSmallGroups([g('a', 5), g('b', 7)]).hidden).toBe(0);
    expect(suppressSmallGroups([g('a', 2)])).toEqual({ shown: [], hidden: 1 });
  });
});
