import { diffArrays, diffWords, type Change } from 'diff';
import { useTranslation } from 'react-i18next';
import type { TextBlock } from '../api/client';
import { countWords, Marked, WordMarks } from '../ui/WordDiff';

type Row =
  | { op: 'same' | 'added' | 'removed'; block: TextBlock }
  | { op: 'changed'; block: TextBlock; parts: Change[] }
  | { op: 'skip'; count: number };

const CONTEXT = 1;
const key = (b: TextBlock) => `${b.kind}${b.level ?? ''}:${b.text}`;

/** Pairs the blocks of two texts: equal blocks stay, a rewritten one is compared word by word. */
function alignBlocks(before: TextBlock[], after: TextBlock[]): Row[] {
  const rows: Row[] = [];
  const parts = diffArrays(before, after, { comparator: (a, b) => key(a) === key(b) });
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      rows.push(...part.value.map((block) => ({ op: 'same' as const, block })));
      continue;
    }
    const removed = part.removed ? part.value : [];
    const added = part.added ? [...part.value] : [];
    const next = parts[i + 1];
    if (next?.added && part.removed) {
      added.push(...next.value);
      i++;
    }
    rows.push(...pairBlocks(removed, added));
  }
  return rows;
}

const SIMILAR = 0.5;
const wordCount = (text: string) => text.match(/\S+/g)?.length ?? 0;

/**
 * Within a stretch of removed and added blocks, pairs each removed block, in order, with the next added
 * block of its kind that keeps at least half its words; a rewrite beyond that reads better as removed
 * and added whole than as a tangle of marks.
 */
function pairBlocks(removed: TextBlock[], added: TextBlock[]): Row[] {
  const rows: Row[] = [];
  let next = 0;
  for (const old of removed) {
    let match: { at: number; parts: Change[] } | undefined;
    for (let j = next; j < added.length && !match; j++) {
      if (added[j].kind !== old.kind) continue;
      const parts = diffWords(old.text, added[j].text);
      const kept = parts.filter((p) => !p.added && !p.removed).reduce((n, p) => n + wordCount(p.value), 0);
      if (kept >= SIMILAR * Math.max(wordCount(old.text), wordCount(added[j].text))) match = { at: j, parts };
    }
    if (!match) {
      rows.push({ op: 'removed', block: old });
      continue;
    }
    rows.push(...added.slice(next, match.at).map((block) => ({ op: 'added' as const, block })));
    rows.push({ op: 'changed', block: added[match.at], parts: match.parts });
    next = match.at + 1;
  }
  rows.push(...added.slice(next).map((block) => ({ op: 'added' as const, block })));
  return rows;
}

/** Shortens each long run of unchanged blocks to a count, keeping one block of context beside changes. */
function collapseSame(rows: Row[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < rows.length;) {
    if (rows[i].op !== 'same') {
      out.push(rows[i++]);
      continue;
    }
    let end = i;
    while (end < rows.length && rows[end].op === 'same') end++;
    const keepStart = i === 0 ? 0 : CONTEXT;
    const keepEnd = end === rows.length ? 0 : CONTEXT;
    const run = rows.slice(i, end);
    if (run.length > keepStart + keepEnd + 1)
      out.push(
        ...run.slice(0, keepStart),
        { op: 'skip', count: run.length - keepStart - keepEnd },
        ...run.slice(run.length - keepEnd),
      );
    else out.push(...run);
    i = end;
  }
  return out;
}

export interface StepRows {
  id: string;
  title: string;
  rows: Row[];
}

/**
 * Compares the older text as a whole with the newer one's steps joined, then cuts the result at the
 * newer steps' borders; a removed block goes with the step that follows it. Steps without a change are left out.
 */
export function stepRows(before: TextBlock[], after: { id: string; title: string; blocks: TextBlock[] }[]): StepRows[] {
  const rows = alignBlocks(
    before,
    after.flatMap((s) => s.blocks),
  );
  const steps: StepRows[] = after.map((s) => ({ id: s.id, title: s.title, rows: [] }));
  let step = 0;
  let used = 0;
  for (const row of rows) {
    while (step < after.length - 1 && used >= after[step].blocks.length) {
      step++;
      used = 0;
    }
    steps[step]?.rows.push(row);
    if (row.op !== 'removed') used++;
  }
  return steps.filter((s) => s.rows.some((r) => r.op !== 'same')).map((s) => ({ ...s, rows: collapseSame(s.rows) }));
}

/** Words added and removed over all the steps' changes. */
export function wordsChanged(steps: StepRows[]): { added: number; removed: number } {
  const words = (text: string) => text.match(/\S+/g)?.length ?? 0;
  const total = { added: 0, removed: 0 };
  for (const row of steps.flatMap((s) => s.rows)) {
    if (row.op === 'changed') {
      total.added += countWords(row.parts, 'added');
      total.removed += countWords(row.parts, 'removed');
    } else if (row.op === 'added' || row.op === 'removed') total[row.op] += words(row.block.text);
  }
  return total;
}

/** A step's readable text, changes marked, with headings, paragraphs and list items shown as such. */
export function BlockDiff({ rows, lang }: { rows: Row[]; lang: string }) {
  const { t } = useTranslation();
  return (
    <div className="compare-text" lang={lang}>
      {rows.map((row, i) => {
        if (row.op === 'skip')
          return (
            <p key={i} className="compare-skip">
              {t('diff.blocks', { count: row.count })}
            </p>
          );
        const content =
          row.op === 'same' ? (
            row.block.text
          ) : row.op === 'changed' ? (
            <WordMarks parts={row.parts} />
          ) : (
            <Marked kind={row.op} text={row.block.text} />
          );
        const { kind, level = 2 } = row.block;
        // The page's own headings reach h4 (the step); the text's headings sit below them.
        if (kind === 'heading') return level <= 2 ? <h5 key={i}>{content}</h5> : <h6 key={i}>{content}</h6>;
        return (
          <p key={i} className={kind === 'item' ? 'compare-item' : undefined}>
            {content}
          </p>
        );
      })}
    </div>
  );
}
