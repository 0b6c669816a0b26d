import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { moduleUrl } from './links';
import { NewerRelease } from './NewerRelease';
import { ProgressBar } from './ProgressBar';

export function MyLearningPage() {
  const { t, i18n } = useTranslation();
  const heading = usePage(t('learning.title'), 'my-learning');
  const { user, ready } = useAuth();
  const [version, setVersion] = useState(0);
  const state = useApi(
    async (signal) => (user ? api.myLearning(i18n.language, signal) : { courses: [] }),
    [i18n.language, user?.id, ready, version],
  );
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('learning.title')}
      </h1>
      {ready && !user ? (
        <p>
          <Link to="/sign-in?next=/learning">{t('learning.signInToEnrol')}</Link>
        </p>
      ) : (
        <Status state={state}>
          {({ courses }) =>
            courses.length === 0 ? (
              <p>
                {t('learning.none')} <Link to="/">{t('nav.courses')}</Link>
              </p>
            ) : (
              <ul className="card-list">
                {courses.map((c) => {
                  return (
                    <li key={c.enrolment.registration} className="card">
                      <h2>
                        <Link to={`/courses/${c.courseId}`}>{c.courseTitle}</Link>
                      </h2>
                      <p className="meta">{t('learning.enrolledIn', { title: c.enrolment.releaseTitle })}</p>
                      <ProgressBar done={c.completed} total={c.modules.length} minutesLeft={c.minutesLeft} />
                      {c.certificate ? (
                        <p>
                          {t('learning.completed')}{' '}
                          <a href={api.certificatePdfUrl(c.certificate.code, i18n.language)} download>
                            {t('learning.downloadCertificate')}
                          </a>
                        </p>
                      ) : (
                        c.resume && (
                          <p>
                            <Link
                              className="button"
                              to={moduleUrl(c.courseId, c.enrolment.releaseId, c.resume.module, c.resume.place)}
                            >
                              {t('learning.resume', { title: c.resume.title })}
                            </Link>
                          </p>
                        )
                      )}
                      <NewerRelease courseId={c.courseId} progress={c} onSwitched={() => setVersion((v) => v + 1)} />
                    </li>
                  );
                })}
              </ul>
            )
          }
        </Status>
      )}
    </>
  );
}
