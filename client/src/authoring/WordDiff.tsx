import { diffWords } from 'diff';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation('staff');
  const parts = diffWords(before, after);
  const count = (kind: 'added' | 'removed') =>
    parts.filter((p) => p[kind]).reduce((n, p) => n + (p.value.match(/\S+/g)?.length ?? 0), 0);
  const added = count('added');
  const removed = count('removed');
  return (
    <div className="word-diff">
      <p className="word-diff-summary">
        {added + removed === 0 ? t('authoring.diffSame') : t('authoring.diffSummary', { added, removed })}
      </p>
      <div className="word-diff-text" lang={lang} role="region" aria-label={label} tabIndex={0}>
        {parts.map((p, i) =>
          p.added ? (
            <ins key={i}>
              <span className="visually-hidden">{t('authoring.diffAdded')} </span>
              {p.value}
            </ins>
          ) : p.removed ? (
            <del key={i}>
              <span className="visually-hidden">{t('authoring.diffRemoved')} </span>
              {p.value}
            </del>
          ) : (
            <Unchanged key={i} text={p.value} first={i === 0} last={i === parts.length - 1} />
          ),
        )}
      </div>
    </div>
  );
}

const CONTEXT = 2;

/** Unchanged text keeps two lines of context on each side of a change; the lines between are skipped. */
function Unchanged({ text, first, last }: { text: string; first: boolean; last: boolean }) {
  const { t } = useTranslation('staff');
  const lines = text.split('\n');
  const keepBefore = first ? 0 : CONTEXT + 1;
  const keepAfter = last ? 0 : CONTEXT + 1;
  const skipped = lines.length - keepBefore - keepAfter;
  if (skipped < 6) return <span>{text}</span>;
  return (
    <>
      <span>{lines.slice(0, keepBefore).join('\n')}</span>
      {keepBefore > 0 && '\n'}
      <span className="word-diff-skip">{t('authoring.diffSkipped', { count: skipped })}</span>
      {keepAfter > 0 && '\n'}
      <span>{lines.slice(lines.length - keepAfter).join('\n')}</span>
    </>
  );
}
