import { diffLines } from 'diff';
import * as catalog from '../catalog/service';
import type { Db } from '../lib/db';
import { textBlocksOf, type TextBlock } from '../lib/markdown/blocks';
import { splitFrontMatter } from '../lib/markdown/front-matter';
import { parseSteps, WHOLE_MODULE_STEP } from '../lib/markdown/steps';
import { pickLocale, pickText } from '../lib/i18n/negotiate';

export interface DiffPart {
  op: 'added' | 'removed' | 'same';
  text: string;
}

const CONTEXT_LINES = 2;

/** Line diff of two Markdown texts; long unchanged stretches shrink to a little context around changes. */
export function textDiff(before: string, after: string): DiffPart[] {
  return diffLines(before, after).map((part): DiffPart => {
    const op = part.added ? 'added' : part.removed ? 'removed' : 'same';
    if (op !== 'same') return { op, text: part.value };
    const lines = part.value.split('\n');
    if (lines.length <= CONTEXT_LINES * 2 + 2) return { op, text: part.value };
    return {
      op,
      text: [...lines.slice(0, CONTEXT_LINES), '…', ...lines.slice(-CONTEXT_LINES - 1)].join('\n'),
    };
  });
}

export interface StepText {
  id: string;
  title: string;
  blocks: TextBlock[];
}

/** A module text as learners read it: its steps (or one step, the whole text), each as plain blocks. */
export function readableSteps(source: string): StepText[] {
  if (!source) return [];
  const body = splitFrontMatter(source)?.body ?? source;
  const { steps } = parseSteps(body);
  if (!steps.length) return [{ id: WHOLE_MODULE_STEP, title: '', blocks: textBlocksOf(body) }];
  return steps.map((s) => ({ id: s.id, title: s.title, blocks: textBlocksOf(s.body) }));
}

/**
 * The readable text of a module in two editions: the older as one run of blocks, the newer by step, so
 * a text that was split into steps (or whose steps were regrouped) is still compared block for block.
 */
export function readableChange(before: string, after: string) {
  return { before: readableSteps(before).flatMap((s) => s.blocks), after: readableSteps(after) };
}

/** What changed from one release of a course to another: modules added, removed and changed, per locale. */
export async function compareReleases(db: Db, courseId: string, from: string, to: string, wanted: string[]) {
  const { course, releases } = await catalog.requireRelease(db, courseId, from, to);
  const locale = pickLocale(wanted, course.locales, course.defaultLocale);
  const title = (titles: Record<string, string>) => pickText(titles, locale, course.defaultLocale);
  const [before, after] = await Promise.all([
    catalog.releasePlan(db, courseId, from),
    catalog.releasePlan(db, courseId, to),
  ]);
  const old = new Map(before.map((m) => [m.id, m]));
  const source = async (hash: string | undefined) => (hash ? ((await catalog.moduleSource(db, hash)) ?? '') : '');

  const changed: {
    id: string;
    title: string;
    locales: { locale: string; status: string; text: ReturnType<typeof readableChange>; diff: DiffPart[] }[];
  }[] = [];
  for (const m of after) {
    const prev = old.get(m.id);
    if (!prev) continue;
    const locales = [...new Set([...Object.keys(prev.hashes), ...Object.keys(m.hashes)])].sort();
    const perLocale = [];
    for (const l of locales) {
      const a = prev.hashes[l];
      const b = m.hashes[l];
      if (a === b) continue;
      const status = !a ? 'added' : !b ? 'removed' : 'changed';
      const [oldText, newText] = [await source(a), await source(b)];
      perLocale.push({ locale: l, status, text: readableChange(oldText, newText), diff: textDiff(oldText, newText) });
    }
    if (perLocale.length) changed.push({ id: m.id, title: title(m.titles), locales: perLocale });
  }
  const releaseInfo = (id: string) => {
    const r = releases.find((x) => x.id === id)!;
    return { id, title: pickText(r.title, locale, course.defaultLocale) || id, date: r.date };
  };
  return {
    course: { id: course.id, title: title(course.title) },
    locale,
    from: releaseInfo(from),
    to: releaseInfo(to),
    releases: releases.map((r) => releaseInfo(r.id)),
    added: after.filter((m) => !old.has(m.id)).map((m) => ({ id: m.id, title: title(m.titles) })),
    removed: before.filter((m) => !after.some((a) => a.id === m.id)).map((m) => ({ id: m.id, title: title(m.titles) })),
    changed,
    unchanged: after.filter((m) => old.has(m.id) && !changed.some((c) => c.id === m.id)).map((m) => m.id),
  };
}
