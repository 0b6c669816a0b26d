import { useTranslation } from 'react-i18next';
import type { ConflictDetails, Problem } from './api';

/** Someone saved the same file meanwhile: both versions side by side, and the choice of which to keep. */
export function ConflictPanel({
  conflict,
  onResolve,
}: {
  conflict: ConflictDetails;
  onResolve: (choice: 'mine' | 'theirs') => void;
}) {
  const { t } = useTranslation('staff');
  return (
    <section className="conflict" aria-labelledby="conflict-heading" role="alert">
      <h2 id="conflict-heading">{t('authoring.conflictTitle')}</h2>
      <p>
        {t('authoring.conflictText', { author: conflict.theirs.author ?? '?', revision: conflict.theirs.revision })}
      </p>
      <div className="side-by-side">
        <div>
          <h3>{t('authoring.yours')}</h3>
          <pre>{conflict.yours.source}</pre>
        </div>
        <div>
          <h3>{t('authoring.theirs')}</h3>
          <pre>{conflict.theirs.source}</pre>
        </div>
      </div>
      <button type="button" onClick={() => onResolve('mine')}>
        {t('authoring.keepMine')}
      </button>{' '}
      <button type="button" onClick={() => onResolve('theirs')}>
        {t('authoring.takeTheirs')}
      </button>
    </section>
  );
}

/** The problems the course checks find in the text being edited, by line; announced as they change. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation('staff');
  return (
    <div aria-live="polite">
      {problems.length === 0 ? (
        <p>{t('authoring.noProblems')}</p>
      ) : (
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i} className={p.severity === 'error' ? 'feedback-wrong' : undefined}>
              {t('authoring.line', { line: p.line })}: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
