import { diffWords, type Change } from 'diff';
import { useTranslation } from 'react-i18next';

/** Words a change adds or removes. */
export function countWords(parts: Change[], kind: 'added' | 'removed'): number {
  return parts.filter((p) => p[kind]).reduce((n, p) => n + (p.value.match(/\S+/g)?.length ?? 0), 0);
}

/**
 * Two revisions of a text compared word by word. Additions and removals are marked by more than
 * colour: underline and strike-through, and a hidden label that screen readers say before each.
 */
export function WordDiff({
  before,
  after,
  lang,
  label,
}: {
  before: string;
  after: string;
  lang: string;
  /** Names the compared revisions; the text scrolls, so it is a focusable region. */
  label: string;
}) {
  const { t } = useTranslation();
  const parts = diffWords(before, after);
  const added = countWords(parts, 'added');
  const removed = countWords(parts, 'removed');
  return (
    <div className="word-diff">
      <p className="word-diff-summary">
        {added + removed === 0 ? t('diff.same') : t('diff.summary', { added, removed })}
      </p>
      <div className="word-diff-text" lang={lang} role="region" aria-label={label} tabIndex={0}>
        <WordMarks parts={parts} />
      </div>
    </div>
  );
}

/** The marked words of a compare, inline: to be placed in a paragraph, heading or list item. */
export function WordMarks({ parts }: { parts: Change[] }) {
  return (
    <>
      {parts.map((p, i) =>
        // A change of spacing alone is no change to a reader: kept as the newer text has it, not marked.
        !p.value.trim() && (p.added || p.removed) ? (
          p.added && <span key={i}>{p.value}</span>
        ) : p.added ? (
          <Marked key={i} kind="added" text={p.value} />
        ) : p.removed ? (
          <Marked key={i} kind="removed" text={p.value} />
        ) : (
          <Unchanged key={i} text={p.value} first={i === 0} last={i === parts.length - 1} />
        ),
      )}
    </>
  );
}

/** Text wholly added or removed, with the hidden label that says which. */
export function Marked({ kind, text }: { kind: 'added' | 'removed'; text: string }) {
  const { t } = useTranslation();
  const Tag = kind === 'added' ? 'ins' : 'del';
  return (
    <Tag>
      <span className="visually-hidden">{t(`diff.${kind}`)} </span>
      {text}
    </Tag>
  );
}

const CONTEXT = 2;

/** Unchanged text keeps two lines of context on each side of a change; the lines between are skipped. */
function Unchanged({ text, first, last }: { text: string; first: boolean; last: boolean }) {
  const { t } = useTranslation();
  const lines = text.split('\n');
  const keepBefore = first ? 0 : CONTEXT + 1;
  const keepAfter = last ? 0 : CONTEXT + 1;
  const skipped = lines.length - keepBefore - keepAfter;
  if (skipped < 6) return <span>{text}</span>;
  return (
    <>
      <span>{lines.slice(0, keepBefore).join('\n')}</span>
      {keepBefore > 0 && '\n'}
      <span className="word-diff-skip">{t('diff.skipped', { count: skipped })}</span>
      {keepAfter > 0 && '\n'}
      <span>{lines.slice(lines.length - keepAfter).join('\n')}</span>
    </>
  );
}
