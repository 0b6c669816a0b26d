import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe on digests. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Sends through SMTP when SMTP_URL is set. Without it, each mail is written to the log and to
 * DATA_DIR/mail/ so that someone running Atrium locally can still open the links.
 */
export function createMailer(options: { smtpUrl?: string; from: string; mailDir: string; logger: Logger }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, ...mail });
      },
    };
  }
  return {
    async send(mail) {
      fs.mkdirSync(options.mailDir, { recursive: true });
      const file = path.join(
        options.mailDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.to.replace(/[^a-z0-9@.]/gi, '_')}.txt`,
      );
      const extra = Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}\n`);
      fs.writeFileSync(file, `To: ${mail.to}\nSubject: ${mail.subject}\n${extra.join('')}\n${mail.text}\n`);
      options.logger.info({ to: mail.to, subject: mail.subject, file }, `mail not sent (no SMTP_URL): ${mail.text}`);
    },
  };
}
