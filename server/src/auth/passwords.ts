import { dictionary } from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
const common = new Set<string>((dictionary as Record<string, string[]>)['passwords-common']);

/** What is wrong with a new password, in words a person can act on; undefined when it is fine. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `password: use at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password: use at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(password))
    return 'password: this password is among the most common ones; choose one that is harder to guess';
  if (email && lower.includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 4)
    return 'password: do not use your email address in your password';
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
