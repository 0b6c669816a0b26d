import type { AccountHooks } from '../account/service';
import * as store from './store';

/**
 * Discussions in "Download my data", and in erasure: the text of the person's comments goes, the
 * comments stay as "deleted" under "Former learner" so that replies keep their place.
 */
export const discussionAccountHooks: AccountHooks = {
  exportSections: [async (db, userId) => ({ discussions: await store.exportOf(db, userId) })],
  onErase: [(tx, userId) => store.eraseAuthor(tx, userId)],
};
