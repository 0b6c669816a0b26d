import { z } from 'zod';
import { SLUG } from '../content/schema';

const slug = (what: string) => z.string().regex(SLUG, `${what} ids use lowercase letters, digits and hyphens`);

export const ZCourseModuleParams = z.object({ course: slug('course'), module: slug('module') });
export const ZReflectionParams = ZCourseModuleParams.extend({ reflection: slug('reflection') });

export const ZPlace = z
  .object({
    release: slug('release'),
    module: slug('module'),
    place: z
      .string()
      .max(200, 'place is at most 200 characters')
      .regex(/^[\p{L}\p{N}_-]*$/u, 'place is the id of a heading in the module (letters, digits, - and _)'),
  })
  .strict();

export const ZReflectionText = z
  .object({ text: z.string().max(20_000, 'a reflection is at most 20,000 characters') })
  .strict();

export const ZSwitch = z.object({ release: slug('release') }).strict();
