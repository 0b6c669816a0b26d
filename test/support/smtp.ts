import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** The raw header block. */
  headers: string;
}

/** Decodes the quoted-printable body that nodemailer writes for long lines. */
function decode(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  // Encoded bytes are UTF-8 (e.g. "sì" in an Italian reply); text that was already 8-bit stays as it is.
  return /[\u0100-\uffff]/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const [head, ...body] = raw.split(/\r?\n\r?\n/);
        const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? '';
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text: decode(body.join('\n\n')),
          headers: head,
        });
        waiting.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  /** The next mail to `to` that arrives after `since` mails had arrived. */
  async function next(to: string, since: number): Promise<ReceivedMail> {
    for (;;) {
      const mail = mails.slice(since).find((m) => m.to.includes(to));
      if (mail) return mail;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    next,
    link: (mail: ReceivedMail) => /https?:\/\/\S+token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
