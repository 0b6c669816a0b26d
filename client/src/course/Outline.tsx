import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Enrolled } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { moduleUrl } from '../learning/links';
import { useModuleStatuses } from './useModuleStatuses';

/** The modules of an edition with each one's status. */
export function Outline({
  courseId,
  releaseId,
  progress,
}: {
  courseId: string;
  releaseId: string;
  progress: Enrolled | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi((signal) => api.outline(courseId, releaseId, lang, signal), [courseId, releaseId, lang]);
  const { statusOf, visited } = useModuleStatuses(courseId, releaseId, progress);
  return (
    <Status state={state} part>
      {(outline) => {
        const left =
          progress?.minutesLeft ??
          outline.modules.filter((m) => statusOf(m.id) !== 'completed').reduce((n, m) => n + m.minutes, 0);
        // Continue at the first module not yet completed.
        const next = outline.modules.find((m) => statusOf(m.id) !== 'completed') ?? outline.modules[0];
        const untranslated = outline.modules.some((m) => !m.locales.includes(lang));
        return (
          <section aria-labelledby="outline-heading" className="outline">
            <h2 id="outline-heading">{t('course.outline')}</h2>
            <p className="meta">
              {t('course.modulesCount', { count: outline.modules.length })} ·{' '}
              {t('course.minutesTotal', { count: outline.totalMinutes })} · {t('course.minutesLeft', { count: left })}
            </p>
            {untranslated && (
              <p className="notice" role="note">
                {t('course.notTranslatedOnce')}
              </p>
            )}
            {!progress && next && (
              <p>
                <Link className="button" to={moduleUrl(courseId, releaseId, next.id)}>
                  {visited.size ? t('course.continue') : t('course.start')}
                </Link>
              </p>
            )}
            <ol className="module-list">
              {outline.modules.map((m) => {
                const status = statusOf(m.id);
                const mine = progress?.modules.find((p) => p.id === m.id);
                const changed = mine?.changedSinceCompleted;
                return (
                  <li key={m.id}>
                    <Link to={moduleUrl(courseId, releaseId, m.id)} lang={m.titleLocale}>
                      {m.title}
                    </Link>
                    <span className="meta">
                      {' '}
                      {t('course.minutes', { count: m.minutes })} ·{' '}
                      {mine?.newKnowledgeCheck ? (
                        <span className="badge badge-in-progress">{t('course.status.newKnowledgeCheck')}</span>
                      ) : (
                        <span className={`badge badge-${status}`}>{t(`course.status.${status}`)}</span>
                      )}
                      {changed && <span className="badge badge-updated">{t('course.status.updated')}</span>}
                      {!m.locales.includes(lang) && (
                        <>
                          {' '}
                          <span className="badge">{t('course.sourceLanguage')}</span>
                        </>
                      )}
                    </span>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      }}
    </Status>
  );
}
