import { diffArrays, diffWords } from 'diff';
import { useTranslation } from 'react-i18next';
import type { TextBlock } from '../api/client';
import { Marked, WordMarks } from '../ui/WordDiff';

type Row =
  | { op: 'same'; block: TextBlock }
  | { op: 'added' | 'removed'; block: TextBlock }
  | { op: 'changed'; before: TextBlock; block: TextBlock }
  | { op: 'skip'; count: number };

const CONTEXT = 1;
const key = (b: TextBlock) => `${b.kind}${b.level ?? ''}:${b.text}`;

/**
 * Pairs the blocks of two texts: equal blocks stay, a removed block followed by an added one of the same
 * kind is one changed block (compared word by word), long unchanged stretches shrink to a count.
 */
export function alignBlocks(before: TextBlock[], after: TextBlock[]): Row[] {
  const rows: Row[] = [];
  const parts = diffArrays(before, after, { comparator: (a, b) => key(a) === key(b) });
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      const same = part.value;
      const keepStart = i === 0 ? 0 : CONTEXT;
      const keepEnd = i === parts.length - 1 ? 0 : CONTEXT;
      if (same.length > keepStart + keepEnd + 1) {
        rows.push(...same.slice(0, keepStart).map((block) => ({ op: 'same' as const, block })));
        rows.push({ op: 'skip', count: same.length - keepStart - keepEnd });
        rows.push(...same.slice(same.length - keepEnd).map((block) => ({ op: 'same' as const, block })));
      } else rows.push(...same.map((block) => ({ op: 'same' as const, block })));
      continue;
    }
    const next = parts[i + 1];
    const removed = part.removed ? part.value : [];
    const added = part.added ? part.value : [];
    if (next && part.removed && next.added) {
      added.push(...next.value);
      i++;
    }
    const paired = Math.min(removed.length, added.length);
    for (let j = 0; j < Math.max(removed.length, added.length); j++) {
      const [old, now] = [removed[j], added[j]];
      if (j < paired && old.kind === now.kind) rows.push({ op: 'changed', before: old, block: now });
      else {
        if (old) rows.push({ op: 'removed', block: old });
        if (now) rows.push({ op: 'added', block: now });
      }
    }
  }
  return rows;
}

/** A step's readable text, before and after, with headings, paragraphs and list items shown as such. */
export function BlockDiff({ before, after, lang }: { before: TextBlock[]; after: TextBlock[]; lang: string }) {
  const { t } = useTranslation();
  return (
    <div className="compare-text" lang={lang}>
      {alignBlocks(before, after).map((row, i) => {
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
            <WordMarks parts={diffWords(row.before.text, row.block.text)} />
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
