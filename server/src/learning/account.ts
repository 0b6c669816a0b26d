import type { AccountHooks } from '../account/service';
import { forgetHolder } from '../certificates/service';
import { forgetReflections, learnerData } from './service';
import { refreshSummaries } from './summaries';

/**
 * Learning in "Download my data" (visits, quiz results, reflections, enrolments and their
 * certificates) and in erasure: reflections go, certificates lose the holder's name. The learner's
 * profile is also copied into each report summary row: a change or an erasure refreshes them.
 */
export const learningAccountHooks: AccountHooks = {
  exportSections: [learnerData],
  onErase: [forgetReflections, forgetHolder, (tx, userId) => refreshSummaries(tx, [{ userId }])],
  onProfileChanged: [(tx, userId) => refreshSummaries(tx, [{ userId }])],
};
