import type { Db } from '../lib/db';
import * as store from './store';

/** Accounts by role and module visits per course release: the first numbers staff ask for. */
export async function summary(db: Db) {
  const [accounts, visits] = await Promise.all([store.accountsByRole(db), store.visitsByRelease(db)]);
  return { accounts, visits };
}
