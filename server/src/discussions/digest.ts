import type { Db } from '../lib/db';
import { serverT } from '../lib/i18n/server-i18n';
import type { Mailer } from '../lib/mail';
import type { Frequency } from './schema';
import * as store from './store';

export interface DigestDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
}

export const unsubscribeUrl = (publicUrl: string, token: string) =>
  `${publicUrl}/api/discussions/unsubscribe?token=${token}`;

/**
 * Mails each person who chose this frequency what happened since their last digest: replies to them,
 * new comments in discussions they follow, moderation outcomes. Every mail carries a one-click
 * unsubscribe (RFC 8058) that needs no sign-in. Returns how many mails were sent.
 */
export async function sendDigests(
  deps: DigestDeps,
  frequency: Exclude<Frequency, 'off'>,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ sent: number }> {
  const recipients = await store.digestRecipients(deps.db, frequency);
  let sent = 0;
  onProgress(0, recipients.length);
  for (const person of recipients) {
    const items = await store.unmailedOf(deps.db, person.user_id);
    if (items.length) {
      await deps.mailer.send(digestMail(deps.publicUrl, person, items));
      await store.markMailed(deps.db, person.user_id, items);
      sent++;
    }
    onProgress(sent, recipients.length);
  }
  return { sent };
}

function digestMail(publicUrl: string, person: store.DigestRecipient, items: store.NotificationRow[]) {
  const t = serverT(person.preferred_locale, 'discussion');
  const link = unsubscribeUrl(publicUrl, person.unsubscribe_token);
  const lines = items.map((n) => {
    const where = `${publicUrl}/courses/${n.course_id}/modules/${n.module_id}${n.step_id === 'all' ? '' : `?step=${n.step_id}`}#discussion`;
    const who = n.actor_name ?? t('someone');
    const head =
      n.kind === 'moderation'
        ? t('digest.moderation', { detail: n.detail ?? '' })
        : t(n.kind === 'reply' ? 'digest.reply' : 'digest.followed', { name: who });
    return [`- ${head}`, n.excerpt && n.kind !== 'moderation' ? `  "${n.excerpt}"` : '', `  ${where}`]
      .filter(Boolean)
      .join('\n');
  });
  return {
    to: person.email,
    subject: t('digest.subject', { count: items.length }),
    text: [
      t('greeting', { name: person.display_name ?? '' }),
      t('digest.intro'),
      lines.join('\n\n'),
      `${t('digest.unsubscribe')}\n${link}`,
      t('signature'),
    ].join('\n\n'),
    headers: {
      'List-Unsubscribe': `<${link}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
