import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Modules completed of all, as a labelled bar with the figures also in text. */
export function ProgressBar({ done, total, minutesLeft }: { done: number; total: number; minutesLeft: number }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="progress">
      <label htmlFor={id}>{t('learning.modulesDone', { done, count: total })}</label>
      <progress id={id} max={total} value={done} />
      <span className="meta">{t('course.minutesLeft', { count: minutesLeft })}</span>
    </div>
  );
}
