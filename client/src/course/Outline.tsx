import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { guestVisited } from '../app/progress';
import { useAuth } from '../auth/AuthContext';
import { Status } from '../app/Status';

export function Outline({ courseId, releaseId }: { courseId: string; releaseId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi((signal) => api.outline(courseId, releaseId, lang, signal), [courseId, releaseId, lang]);
  const { user, ready } = useAuth();
  const mine = useApi(
    async (signal) =>
      user
        ? new Set((await api.progress(courseId, releaseId, signal)).visited.map((v) => v.module))
        : guestVisited(courseId, releaseId),
    [courseId, releaseId, user?.id, ready],
  );
  const visited = mine.status === 'ready' ? mine.data : new Set<string>();
  return (
    <Status state={state}>
      {(outline) => {
        const left = outline.modules.filter((m) => !visited.has(m.id)).reduce((n, m) => n + m.minutes, 0);
        const next = outline.modules.find((m) => !visited.has(m.id)) ?? outline.modules[0];
        const moduleUrl = (id: string) => `/courses/${courseId}/releases/${releaseId}/modules/${id}`;
        return (
          <section aria-labelledby="outline-heading" className="outline">
            <h2 id="outline-heading">{t('course.outline')}</h2>
            <p className="meta">
              {t('course.modulesCount', { count: outline.modules.length })} ·{' '}
              {t('course.minutesTotal', { count: outline.totalMinutes })} · {t('course.minutesLeft', { count: left })}
            </p>
            {next && (
              <p>
                <Link className="button" to={moduleUrl(next.id)}>
                  {visited.size ? t('course.continue') : t('course.start')}
                </Link>
              </p>
            )}
            <ol className="module-list">
              {outline.modules.map((m) => (
                <li key={m.id}>
                  <Link to={moduleUrl(m.id)} lang={outline.locale}>
                    {m.title}
                  </Link>
                  <span className="meta">
                    {' '}
                    {t('course.minutes', { count: m.minutes })} ·{' '}
                    <span className={visited.has(m.id) ? 'badge badge-done' : 'badge'}>
                      {visited.has(m.id) ? t('course.statusOpened') : t('course.statusNotStarted')}
                    </span>
                    {!m.locales.includes(lang) && <> · {t('course.notTranslated')}</>}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        );
      }}
    </Status>
  );
}
