import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/client';

/** The header's links to notifications, and to the moderation queue for trainers, staff and admins. */
export function DiscussionNavLinks({ user }: { user: User }) {
  const { t } = useTranslation('discussion');
  return (
    <>
      <li>
        <Link to="/notifications">{t('nav.notifications')}</Link>
      </li>
      {user.role !== 'learner' && (
        <li>
          <Link to="/moderation">{t('nav.moderation')}</Link>
        </li>
      )}
    </>
  );
}
