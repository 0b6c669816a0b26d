import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { discussionApi, type Queue } from './api';

const QUEUES = ['reported', 'hidden', 'new-accounts'] as const;

/** Trainers, staff and admins review reported, hidden and new accounts' comments; every action needs a reason. */
export function ModerationPage() {
  const { t } = useTranslation('discussion');
  const heading = usePage(t('moderation.title'), 'moderation');
  const [queue, setQueue] = useState<(typeof QUEUES)[number]>('reported');
  const [version, setVersion] = useState(0);
  const state = useApi((signal) => discussionApi.queue(queue, signal), [queue, version]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('moderation.title')}
      </h1>
      <p>
        <Link to="/moderation/audit">{t('moderation.auditLink')}</Link>
      </p>
      <div role="group" aria-label={t('moderation.queues')} className="tabs">
        {QUEUES.map((q) => (
          <button key={q} type="button" aria-pressed={queue === q} onClick={() => setQueue(q)}>
            {t(`moderation.queue.${q}`)}
          </button>
        ))}
      </div>
      <Status state={state}>{(data) => <QueueList data={data} onChanged={() => setVersion((v) => v + 1)} />}</Status>
    </>
  );
}

function QueueList({ data, onChanged }: { data: Queue; onChanged: () => void }) {
  const { t } = useTranslation('discussion');
  if (!data.comments.length) return <p>{t('moderation.empty')}</p>;
  return (
    <ul className="moderation-queue">
      {data.comments.map((c) => (
        <li key={c.id}>
          <QueueItem item={c} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}

function QueueItem({ item, onChanged }: { item: Queue['comments'][number]; onChanged: () => void }) {
  const { t } = useTranslation('discussion');
  const { t: tc } = useTranslation();
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const act = (action: 'hide' | 'restore' | 'delete') =>
    void discussionApi.moderate(item.id, action, reason).then(
      () => {
        setMessage(t(`moderation.done.${action}`));
        onChanged();
      },
      (err: unknown) => setMessage(errorText(tc, err)),
    );
  const mute = () =>
    void discussionApi.mute(item.author.id!, 7, reason).then(
      () => setMessage(t('moderation.muted')),
      (err: unknown) => setMessage(errorText(tc, err)),
    );
  return (
    <article className="comment" aria-label={item.author.name ?? t('formerLearner')}>
      <p className="meta">
        <strong>{item.author.former ? t('formerLearner') : item.author.name}</strong> · {item.place.course} /{' '}
        {item.place.module}
        {item.place.step !== 'all' && ` / ${item.place.step}`} · {item.language}
        {item.hidden && ` · ${t('hiddenForReview')}`}
      </p>
      <blockquote lang={item.language}>{item.text}</blockquote>
      {item.reportReasons.length > 0 && (
        <p>
          {t('moderation.reports', { count: item.reportReasons.length })}:{' '}
          {item.reportReasons.map((r) => t(`reasons.${r.reason}`)).join(', ')}
        </p>
      )}
      <label>
        {t('moderation.reason')}{' '}
        <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} />
      </label>
      <div className="comment-actions">
        <button type="button" onClick={() => act('hide')}>
          {t('moderation.hide')}
        </button>
        <button type="button" onClick={() => act('restore')}>
          {t('moderation.restore')}
        </button>
        <button type="button" onClick={() => act('delete')}>
          {t('moderation.delete')}
        </button>
        {item.author.id && !item.author.former && (
          <button type="button" onClick={mute}>
            {t('moderation.mute')}
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}
    </article>
  );
}
