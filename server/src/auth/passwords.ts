import { dictionary } from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';
import { Invalid } from '../lib/errors';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
const common = new Set<string>((dictionary as Record<string, string[]>)['passwords-common']);

/** What is wrong with a new password, as the error to throw; undefined when it is fine. */
export function passwordProblem(password: string, email?: string): Invalid | undefined {
  if (password.length < PASSWORD_MIN)
    return new Invalid(`password: use at least ${PASSWORD_MIN} characters`, {
      reason: 'password.too_short',
      min: PASSWORD_MIN,
    });
  if (password.length > PASSWORD_MAX)
    return new Invalid(`password: use at most ${PASSWORD_MAX} characters`, {
      reason: 'password.too_long',
      max: PASSWORD_MAX,
    });
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(password))
    return new Invalid('password: this password is among the most common ones; choose one that is harder to guess', {
      reason: 'password.too_common',
    });
  if (email && lower.includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 4)
    return new Invalid('password: do not use your email address in your password', {
      reason: 'password.contains_email',
    });
  return undefined;
}

/** How many password hashes this process has computed (read by a test and the bench; never reset). */
export const passwordWork = { hashes: 0 };

export const hashPassword = (password: string): Promise<string> => {
  passwordWork.hashes++;
  return argon2.hash(password, { type: argon2.argon2id });
};

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Spend the same time as a real check, so timing does not tell whether an account exists.
    await hashPassword(password);
    return false;
  }
  return argon2.verify(hash, password);
}
