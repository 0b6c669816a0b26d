import { z } from 'zod';
import { LOCALE } from '../content/schema';
import { PASSWORD_MAX } from './passwords';

const email = z
  .string({ message: 'email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'email is too long')
  .email('email must be an address such as name@example.org');
const password = z
  .string({ message: 'password is required' })
  .max(PASSWORD_MAX, `password: use at most ${PASSWORD_MAX} characters`);
const token = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,64}$/, 'token: this link is incomplete; open the whole link from the mail');
const locale = z.string().regex(LOCALE, 'locale must be a language code such as en or it');

export const ZSignUp = z
  .object({
    email,
    password,
    displayName: z
      .string()
      .trim()
      .min(1, 'displayName: tell us what to call you')
      .max(100, 'displayName: use at most 100 characters'),
    locale: locale.optional(),
  })
  .strict();
export const ZSignIn = z.object({ email, password }).strict();
export const ZEmailOnly = z.object({ email }).strict();
export const ZReset = z.object({ token, password }).strict();
export const ZVerify = z.object({ token }).strict();

export type TSignUp = z.infer<typeof ZSignUp>;
