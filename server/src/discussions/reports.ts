import type { Db } from '../lib/db';
import { suppressSmallGroups } from '../reports/disclosure';
import { MIN_GROUP } from '../reports/schema';
import { courseModules } from '../reports/service';
import * as store from './store';

type Split = 'gender' | 'country';

/**
 * Discussion participation per module and step, as counts only (never comment text). Split by
 * gender or country, a group of fewer than MIN_GROUP people is not shown (with secondary suppression).
 */
export async function participationReport(db: Db, courseId: string) {
  const [totals, modules] = await Promise.all([store.participation(db, courseId), courseModules(db, courseId)]);
  const splits = {} as Record<Split, Awaited<ReturnType<typeof store.participation>>>;
  for (const split of ['gender', 'country'] as const) splits[split] = await store.participation(db, courseId, split);
  const key = (r: { module_id: string; step_id: string }) => `${r.module_id}/${r.step_id}`;
  return {
    course: courseId,
    minGroup: MIN_GROUP,
    places: totals
      .map((t) => {
        const bySplit = (split: Split) => {
          const groups = splits[split]
            .filter((r) => key(r) === key(t))
            .map((r) => ({ group: r.group ?? 'unknown', comments: r.comments, enrolments: r.participants }));
          const { shown, hidden } = suppressSmallGroups(groups);
          return {
            groups: shown.map((g) => ({ group: g.group, comments: g.comments, participants: g.enrolments })),
            hiddenGroups: hidden,
          };
        };
        return {
          module: t.module_id,
          /** The module's place in the course and its titles, for labels and order. */
          position: modules.modules.get(t.module_id)?.position ?? null,
          titles: modules.modules.get(t.module_id)?.titles ?? {},
          step: t.step_id,
          comments: t.comments,
          participants: t.participants,
          byGender: bySplit('gender'),
          byCountry: bySplit('country'),
        };
      })
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity)),
  };
}
