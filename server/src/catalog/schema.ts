import { z } from 'zod';
import { LOCALE, SLUG } from '../content/schema';

const slug = (what: string) => z.string().regex(SLUG, `${what} ids use lowercase letters, digits and hyphens`);

export const ZCourseParams = z.object({ course: slug('course') });
export const ZReleaseParams = ZCourseParams.extend({ release: slug('release') });
export const ZModuleParams = ZReleaseParams.extend({ module: slug('module') });
export const ZQuizParams = ZModuleParams.extend({ quiz: slug('quiz') });
export const ZStepParams = ZModuleParams.extend({ step: slug('step') });
export const ZAssetParams = z.object({
  file: z.string().regex(/^[0-9a-f]{64}\.[a-z]{3,4}$/, 'asset names are a SHA-256 hash and an extension'),
});

export const ZLangQuery = z.object({
  lang: z.string().regex(LOCALE, 'lang must be a language code such as en, it or pt-BR').optional(),
});

export const ZQuizAnswers = z
  .object({
    answers: z
      .array(
        z
          .array(z.number().int('option numbers are whole numbers').min(0, 'option numbers start at 0'))
          .max(6, 'a question has at most 6 options'),
      )
      .min(1, 'answer at least one question')
      .max(50, 'a quiz has at most 50 questions'),
  })
  .strict();

export type TQuizAnswers = z.infer<typeof ZQuizAnswers>;
