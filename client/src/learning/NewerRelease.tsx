import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Enrolled, type SwitchPlan } from '../api/client';
import { errorText } from '../app/errorText';

/** Tells an enrolled learner a newer edition exists, shows what is new, and offers to move to it. */
export function NewerRelease({
  courseId,
  progress,
  onSwitched,
}: {
  courseId: string;
  progress: Enrolled;
  onSwitched: (plan: SwitchPlan) => void;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const newer = progress.newerRelease;
  if (!newer) return null;
  const switchNow = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onSwitched(await api.switchRelease(courseId, newer.id, i18n.language));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="notice newer-release" aria-labelledby={`newer-${courseId}`}>
      <h3 id={`newer-${courseId}`}>{t('learning.newerRelease', { title: newer.title })}</h3>
      <p>{t('learning.switchShort')}</p>
      {/* The full notes can be long: they wait behind a disclosure, so the choice stays near the top. */}
      <details className="release-notes">
        <summary>{t('course.releaseNotes', { title: newer.title })}</summary>
        <div dangerouslySetInnerHTML={{ __html: newer.notesHtml }} />
        <p>{t('learning.switchExplained')}</p>
      </details>
      <p className="actions">
        <button type="button" onClick={() => void switchNow()} disabled={busy}>
          {t('learning.switchTo', { title: newer.title })}
        </button>
        <Link to={`/courses/${courseId}/compare?from=${progress.enrolment.releaseId}&to=${newer.id}`}>
          {t('learning.whatChanged')}
        </Link>
      </p>
      {error && (
        <p role="alert" className="feedback-wrong">
          {error}
        </p>
      )}
    </section>
  );
}

export function SwitchSummary({ plan }: { plan: SwitchPlan }) {
  const { t } = useTranslation();
  return (
    <p role="status" className="notice">
      {t('learning.switched', { count: plan.carried.length })}
      {plan.updated.length > 0 && <> {t('learning.switchedUpdated', { count: plan.updated.length })}</>}
    </p>
  );
}
