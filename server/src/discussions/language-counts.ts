import type { Db } from '../lib/db';
import * as store from './store';

/**
 * Comments per language of a discussion, for the language filter. Counting a discussion of 10,000
 * comments takes about 10 ms, more than the rest of a page, so each process keeps the counts for a
 * few seconds: its own writes drop them at once; another replica's writes, and an erased account's
 * comments, show within KEEP_MS.
 */
const KEEP_MS = 10_000;
const MAX_DISCUSSIONS = 2_000;

interface Kept {
  at: number;
  counts: Promise<Record<string, number>>;
}
const kept = new WeakMap<Db, Map<string, Kept>>();

function keptOf(db: Db): Map<string, Kept> {
  let map = kept.get(db);
  if (!map) kept.set(db, (map = new Map()));
  return map;
}

export function languageCounts(db: Db, discussionId: string): Promise<Record<string, number>> {
  const map = keptOf(db);
  const found = map.get(discussionId);
  if (found && Date.now() - found.at < KEEP_MS) return found.counts;
  const counts = store.languageCounts(db, discussionId);
  map.delete(discussionId);
  if (map.size >= MAX_DISCUSSIONS) map.delete(map.keys().next().value!);
  map.set(discussionId, { at: Date.now(), counts });
  counts.catch(() => map.delete(discussionId));
  return counts;
}

/** A comment was added, removed, hidden or shown again, or changed language. */
export function languageCountsChanged(db: Db, discussionId: string): void {
  keptOf(db).delete(discussionId);
}
