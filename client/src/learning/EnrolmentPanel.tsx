import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Course, type Enrolled, type SwitchPlan } from '../api/client';
import { signInHere, useAuth } from '../auth/AuthContext';
import { moduleUrl } from './links';
import { NewerRelease, SwitchSummary } from './NewerRelease';
import { ProgressBar } from './ProgressBar';
import { errorText } from '../app/errorText';

interface Props {
  course: Course;
  /** The edition on screen. */
  releaseId: string;
  progress: Enrolled | null;
  onChange: () => void;
}

/** Enrol, see how far one is, resume, get the certificate, and hear about a newer edition. */
export function EnrolmentPanel({ course, releaseId, progress, onChange }: Props) {
  const location = useLocation();
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [switched, setSwitched] = useState<SwitchPlan>();
  const viewed = course.releases.find((r) => r.id === releaseId);

  if (!user)
    return (
      <p className="notice">
        {t('learning.guest')} <Link to={signInHere(location)}>{t('learning.signInToEnrol')}</Link>
      </p>
    );

  if (!progress) {
    const enrol = async () => {
      setBusy(true);
      try {
        await api.enrol(course.id, releaseId, i18n.language);
        onChange();
      } catch (err) {
        setError(errorText(t, err));
      } finally {
        setBusy(false);
      }
    };
    return (
      <div className="enrolment">
        <button type="button" onClick={() => void enrol()} disabled={busy}>
          {t('learning.enrol', { title: viewed?.title ?? releaseId })}
        </button>
        {error && (
          <p role="alert" className="feedback-wrong">
            {error}
          </p>
        )}
      </div>
    );
  }

  const mine = progress.enrolment;
  const resume = progress.resume;
  return (
    <section className="enrolment" aria-labelledby="enrolment-heading">
      <h2 id="enrolment-heading">{t('learning.yourProgress')}</h2>
      <p>{t('learning.enrolledIn', { title: mine.releaseTitle })}</p>
      {releaseId !== mine.releaseId && (
        <p className="notice" role="note">
          {t('learning.viewingOther')}{' '}
          <Link to={`/courses/${course.id}/releases/${mine.releaseId}`}>{t('learning.backToYours')}</Link>
        </p>
      )}
      <ProgressBar done={progress.completed} total={progress.modules.length} minutesLeft={progress.minutesLeft} />
      {switched && <SwitchSummary plan={switched} />}
      {progress.certificate ? (
        <p className="notice certificate">
          {t('learning.completed')}{' '}
          <a href={api.certificatePdfUrl(progress.certificate.code, i18n.language)} download>
            {t('learning.downloadCertificate')}
          </a>{' '}
          · <Link to={`/verify/${progress.certificate.code}`}>{t('learning.verifyLink')}</Link>
        </p>
      ) : (
        resume && (
          <p>
            <Link className="button" to={moduleUrl(course.id, mine.releaseId, resume.module, resume.place)}>
              {progress.modules.some((m) => m.status !== 'not-started')
                ? t('learning.resume', { title: resume.title })
                : t('course.start')}
            </Link>
          </p>
        )
      )}
      <NewerRelease
        courseId={course.id}
        progress={progress}
        onSwitched={(plan) => {
          setSwitched(plan);
          onChange();
        }}
      />
    </section>
  );
}
