import { randomInt } from 'node:crypto';
import * as auth from '../auth/service';
import * as catalog from '../catalog/service';
import type { Db, Executor } from '../lib/db';
import { Forbidden, NotFound } from '../lib/errors';
import { pickText } from '../lib/i18n/negotiate';
import { serverT } from '../lib/i18n/server-i18n';
import { renderCertificatePdf } from './pdf';
import * as store from './store';

// No 0/O or 1/I: codes are read aloud and typed from paper.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CERTIFICATE_CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

function newCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Issued in the transaction that completes the course; the name is kept as printed. */
export async function issueCertificate(
  tx: Executor,
  enrolment: { id: string; userId: string; courseId: string; releaseId: string },
  minutes: number,
  at: Date,
): Promise<string> {
  const user = await auth.findUser(tx, enrolment.userId);
  const code = newCode();
  await store.insertCertificate(tx, {
    code,
    enrolmentId: enrolment.id,
    courseId: enrolment.courseId,
    releaseId: enrolment.releaseId,
    holderName: user?.displayName || user?.email || '—',
    minutes,
    issuedAt: at,
  });
  return (await store.certificateOfEnrolment(tx, enrolment.id))!.code;
}

async function describe(db: Db, certificate: store.CertificateRecord, locale: string) {
  const course = await catalog.findCourse(db, certificate.courseId);
  const release = (await catalog.listReleases(db, certificate.courseId)).find((r) => r.id === certificate.releaseId);
  const fallback = course?.defaultLocale ?? 'en';
  return {
    courseTitle: course ? pickText(course.title, locale, fallback) : certificate.courseId,
    /** Who issues the course (its makers in course.yaml), or null when the course does not say. */
    issuer: course?.makers ? pickText(course.makers, locale, fallback) : null,
    releaseTitle: release ? pickText(release.title, locale, fallback) || release.id : certificate.releaseId,
  };
}

/** The certificate with this code (`asked` is the code as the person wrote it), or 404. */
async function requireCertificate(db: Db, code: string, asked = code) {
  const found = await store.findCertificate(db, code);
  if (!found)
    throw new NotFound(`No certificate has the code ${asked}.`, { reason: 'certificate.not_found', code: asked });
  return found;
}

/**
 * What the public verification page may say: that the code is genuine (or revoked), and what the
 * certificate itself states. Nothing else about the holder.
 */
export async function verify(db: Db, code: string, locale: string) {
  const c = (await requireCertificate(db, code.toUpperCase(), code)).certificate;
  return {
    code: c.code,
    status: c.revokedAt ? ('revoked' as const) : ('valid' as const),
    holderName: c.holderName,
    /** The holder erased their account: the certificate is still genuine, and names nobody. */
    holderAccountClosed: c.holderName === null,
    ...(await describe(db, c, locale)),
    releaseId: c.releaseId,
    minutes: c.minutes,
    issuedAt: c.issuedAt,
    revokedAt: c.revokedAt,
  };
}

/** The certificate an enrolment earned, if any. */
export const certificateOfEnrolment = (db: Executor, enrolmentId: string) =>
  store.certificateOfEnrolment(db, enrolmentId);

/** The certificates these enrolments earned, in one read. */
export const certificatesOfEnrolments = (db: Executor, enrolmentIds: string[]) =>
  store.certificatesOfEnrolments(db, enrolmentIds);

/** On erasure of an account: its certificates keep their code and course, and lose the name. */
export const forgetHolder = (tx: Executor, userId: string) => store.eraseHolderName(tx, userId);

export async function revoke(db: Db, code: string, reason: string): Promise<void> {
  await requireCertificate(db, code);
  await store.revokeCertificate(db, code, reason);
}

/** The holder's PDF in their language. */
export async function pdfFor(db: Db, userId: string, code: string, locale: string, publicUrl: string) {
  const found = await requireCertificate(db, code.toUpperCase(), code);
  if (found.userId !== userId)
    throw new Forbidden('This certificate belongs to another learner.', { reason: 'certificate.other_learner' });
  const c = found.certificate;
  const t = serverT(locale, 'certificate');
  const { courseTitle, releaseTitle, issuer } = await describe(db, c, locale);
  return renderCertificatePdf({
    title: t('title'),
    ...(issuer ? { issuer: t('issuer', { makers: issuer }) } : {}),
    lines: [
      t('certifies'),
      c.holderName ?? '—',
      t('completed'),
      courseTitle,
      t('release', { release: releaseTitle }),
      // The course's nominal length, stated as such: never as time the holder spent.
      c.minutes >= 60
        ? t('workloadHours', { count: Math.round(c.minutes / 60) })
        : t('workloadMinutes', { count: c.minutes }),
      t('date', { date: new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(c.issuedAt) }),
    ],
    verification: [t('verify', { url: `${publicUrl}/verify/${c.code}` }), t('code', { code: c.code })],
    verifyUrl: `${publicUrl}/verify/${c.code}`,
    revoked: c.revokedAt ? t('revoked') : undefined,
  });
}
