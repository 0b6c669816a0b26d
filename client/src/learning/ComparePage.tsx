import { useId } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../app/format';
import { api, type Comparison } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { Marked } from '../ui/WordDiff';
import { BlockDiff, stepRows, wordsChanged } from './BlockDiff';

/**
 * What changed between two editions of a course, for anyone: modules added, removed and changed, the
 * changed ones as readable text marked word by word, step by step. Trainers can open the source line diff.
 */
export function ComparePage() {
  const { course = '' } = useParams();
  const [params] = useSearchParams();
  const { i18n } = useTranslation();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const state = useApi(
    (signal) => api.compare(course, from, to, i18n.language, signal),
    [course, from, to, i18n.language],
  );
  return <Status state={state}>{(data) => <CompareView data={data} />}</Status>;
}

function CompareView({ data }: { data: Comparison }) {
  const { t, i18n } = useTranslation();
  const [, setParams] = useSearchParams();
  const fromId = useId();
  const toId = useId();
  const heading = usePage(t('compare.title', { course: data.course.title }), `compare:${data.from.id}:${data.to.id}`);
  const languageName = (locale: string) =>
    new Intl.DisplayNames([data.locale], { type: 'language' }).of(locale) ?? locale;
  const picker = (id: string, label: string, value: string, key: 'from' | 'to') => (
    <div className="release-picker">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => setParams({ from: data.from.id, to: data.to.id, [key]: e.target.value }, { replace: true })}
      >
        {data.releases.map((r) => (
          <option key={r.id} value={r.id}>
            {r.title} ({formatDate(i18n.language, r.date)})
          </option>
        ))}
      </select>
    </div>
  );
  const { user } = useAuth();
  const trainer = !!user && user.role !== 'learner';
  const moduleUrl = (id: string) => `/courses/${data.course.id}/releases/${data.to.id}/modules/${id}`;
  // The page's language first, the others below it.
  const pageLanguageFirst = <T extends { locale: string }>(locales: T[]) =>
    [...locales].sort((a, b) => Number(b.locale === data.locale) - Number(a.locale === data.locale));
  const nothing = !data.added.length && !data.removed.length && !data.changed.length;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('compare.title', { course: data.course.title })}
      </h1>
      <div className="compare-pickers">
        {picker(fromId, t('compare.from'), data.from.id, 'from')}
        {picker(toId, t('compare.to'), data.to.id, 'to')}
      </div>
      {nothing && <p>{t('compare.same')}</p>}
      <ModuleList
        id="added-heading"
        heading={t('compare.added', { count: data.added.length })}
        modules={data.added}
        url={moduleUrl}
      />
      <ModuleList
        id="removed-heading"
        heading={t('compare.removed', { count: data.removed.length })}
        modules={data.removed}
      />
      {data.changed.length > 0 && (
        <section aria-labelledby="changed-heading">
          <h2 id="changed-heading">{t('compare.changed', { count: data.changed.length })}</h2>
          {data.changed.map((m) => (
            <article key={m.id} className="compare-module">
              <h3>
                <Link to={moduleUrl(m.id)}>{m.title}</Link>
              </h3>
              {pageLanguageFirst(m.locales).map((l) => {
                const steps = stepRows(l.text.before, l.text.after);
                const words = wordsChanged(steps);
                return (
                  <details key={l.locale}>
                    <summary>
                      {t('compare.languageChanges', {
                        language: languageName(l.locale),
                        status: t(`compare.status.${l.status}`),
                      })}{' '}
                      <span className="compare-count">{t('diff.summary', words)}</span>
                    </summary>
                    {steps.map((s) => (
                      <section key={s.id} className="compare-step">
                        <h4>
                          <Link to={s.id === 'all' ? moduleUrl(m.id) : `${moduleUrl(m.id)}/steps/${s.id}`}>
                            {s.title || t('compare.whole')}
                          </Link>
                        </h4>
                        <BlockDiff rows={s.rows} lang={l.locale} />
                      </section>
                    ))}
                    {trainer && (
                      <details className="compare-source">
                        <summary>{t('compare.source')}</summary>
                        <div
                          className="diff"
                          role="region"
                          tabIndex={0}
                          aria-label={t('compare.diffLabel', { language: languageName(l.locale) })}
                        >
                          {l.diff.map((part, i) =>
                            part.op === 'same' ? (
                              <span key={i}>{part.text}</span>
                            ) : (
                              <Marked key={i} kind={part.op} text={part.text} />
                            ),
                          )}
                        </div>
                      </details>
                    )}
                  </details>
                );
              })}
            </article>
          ))}
        </section>
      )}
      <p>
        <Link to={`/courses/${data.course.id}/releases/${data.to.id}`}>
          {t('compare.open', { title: data.to.title })}
        </Link>
      </p>
    </>
  );
}

function ModuleList({
  id,
  heading,
  modules,
  url,
}: {
  id: string;
  heading: string;
  modules: { id: string; title: string }[];
  /** Modules of the newer edition are linked to. */
  url?: (id: string) => string;
}) {
  if (!modules.length) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ul>
        {modules.map((m) => (
          <li key={m.id}>{url ? <Link to={url(m.id)}>{m.title}</Link> : m.title}</li>
        ))}
      </ul>
    </section>
  );
}
