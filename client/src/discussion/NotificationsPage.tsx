import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { discussionApi, type Frequency, type Notifications } from './api';
import { languageName } from './Discussion';

/** Replies to me, news in discussions I follow, moderation outcomes; and the e-mail digest setting. */
export function NotificationsPage() {
  const { t } = useTranslation('discussion');
  const heading = usePage(t('notifications.title'), 'notifications');
  const { user } = useAuth();
  const state = useApi((signal) => discussionApi.notifications(signal), [user?.id]);
  if (!user)
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('notifications.title')}
        </h1>
        <p>
          <Link to="/sign-in">{t('signInToPost')}</Link>
        </p>
      </>
    );
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('notifications.title')}
      </h1>
      <Status state={state}>{(data) => <NotificationList data={data} />}</Status>
      <DigestSetting />
    </>
  );
}

function NotificationList({ data }: { data: Notifications }) {
  const { t, i18n } = useTranslation('discussion');
  useEffect(() => {
    if (data.unread) void discussionApi.markRead();
  }, [data.unread]);
  if (!data.notifications.length) return <p>{t('notifications.none')}</p>;
  return (
    <ul className="notifications">
      {data.notifications.map((n) => {
        const href = `/courses/${n.place.course}#discussion`;
        return (
          <li key={n.id} className={n.read ? '' : 'unread'}>
            <p>
              {!n.read && <span className="badge">{t('notifications.new')}</span>}{' '}
              {n.kind === 'moderation'
                ? t('notifications.moderation', { detail: n.detail ?? '' })
                : n.kind === 'reply'
                  ? t('notifications.reply', { name: n.actor ?? t('formerLearner') })
                  : t('notifications.followed', { name: n.actor ?? t('formerLearner') })}{' '}
              <span className="meta">
                {new Date(n.at).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}
                {n.language && n.language !== i18n.language && ` · ${languageName(n.language, i18n.language)}`}
              </span>
            </p>
            {n.excerpt && n.kind !== 'moderation' && (
              <blockquote lang={n.language ?? undefined}>{n.excerpt}</blockquote>
            )}
            <p>
              <Link to={href}>{t('notifications.open', { module: n.place.module })}</Link>
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function DigestSetting() {
  const { t } = useTranslation('discussion');
  const [frequency, setFrequency] = useState<Frequency | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    discussionApi.digest(controller.signal).then(
      (d) => setFrequency(d.frequency),
      () => {},
    );
    return () => controller.abort();
  }, []);
  if (!frequency) return null;
  return (
    <section aria-labelledby="digest-heading">
      <h2 id="digest-heading">{t('digest.title')}</h2>
      <label>
        {t('digest.label')}{' '}
        <select
          value={frequency}
          onChange={(e) => {
            const value = e.target.value as Frequency;
            setFrequency(value);
            setSaved(false);
            void discussionApi.setDigest(value).then(() => setSaved(true));
          }}
        >
          <option value="off">{t('digest.off')}</option>
          <option value="daily">{t('digest.daily')}</option>
          <option value="weekly">{t('digest.weekly')}</option>
        </select>
      </label>{' '}
      <span role="status">{saved ? t('digest.saved') : ''}</span>
    </section>
  );
}
