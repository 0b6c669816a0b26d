import { z } from 'zod';
import { ROLES } from '../lib/db/schema';

export const ZRole = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });

export const ZUserQuery = z
  .object({
    q: z.string().trim().max(100, 'q: use at most 100 characters').optional(),
    role: ZRole.optional(),
    page: z.coerce.number().int('page must be a whole number').min(1, 'page starts at 1').max(10_000).default(1),
  })
  .strict();

export const ZUserParams = z.object({ id: z.uuid('id must be a user id (a UUID)') });

export const ZUserChange = z
  .object({ role: ZRole.optional(), disabled: z.boolean({ message: 'disabled must be true or false' }).optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, 'send a role or disabled');

export type TUserQuery = z.infer<typeof ZUserQuery>;
