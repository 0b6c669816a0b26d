import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Enrolled } from '../api/client';
import { useApi } from '../api/useApi';
import { guestVisited } from '../app/progress';
import { useAuth } from '../auth/AuthContext';
import { Status } from '../app/Status';
import { moduleUrl } from '../learning/links';

type ModuleStatus = Enrolled['modules'][number]['status'];

/**
 * The modules of an edition with each one's status: from the learner's enrolment when this is their
 * edition, else from what this browser (a guest) or account has opened.
 */
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
  const { user } = useAuth();
  const opened = useApi(
    async (signal) =>
      user
        ? new Set((await api.visited(courseId, releaseId, signal)).visited.map((v) => v.module))
        : guestVisited(courseId, releaseId),
    [courseId, releaseId, user?.id],
  );
  const visited = opened.status === 'ready' ? opened.data : new Set<string>();
  const statusOf = (id: string): ModuleStatus =>
    progress?.modules.find((m) => m.id === id)?.status ?? (visited.has(id) ? 'in-progress' : 'not-started');
  return (
    <Status state={state}>
      {(outline) => {
        const left =
          progress?.minutesLeft ??
          outline.modules.filter((m) => statusOf(m.id) !== 'completed').reduce((n, m) => n + m.minutes, 0);
        const next = outline.modules.find((m) => statusOf(m.id) === 'not-started') ?? outline.modules[0];
        return (
          <section aria-labelledby="outline-heading" className="outline">
            <h2 id="outline-heading">{t('course.outline')}</h2>
            <p className="meta">
              {t('course.modulesCount', { count: outline.modules.length })} ·{' '}
              {t('course.minutesTotal', { count: outline.totalMinutes })} · {t('course.minutesLeft', { count: left })}
            </p>
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
                    <Link to={moduleUrl(courseId, releaseId, m.id)} lang={outline.locale}>
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
                      {!m.locales.includes(lang) && <> · {t('course.notTranslated')}</>}
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
