import i18n, { type TFunction } from 'i18next';
import { ApiError } from '../api/client';

/**
 * The reader's-language sentence for an API error: the server's stable reason (`details.reason`) with
 * its parameters when the client knows it, else the sentence for its kind when that is all there is to
 * say, else the server's own explanation.
 */
export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.internal');
  const { reason, ...params } = err.details ?? {};
  if (typeof reason === 'string') {
    const known = t(`errors.reasons.${reason}`, { ...readable(t, params), defaultValue: '' });
    if (known) return known;
  }
  if (err.code === 'forbidden' && reason === 'csrf') return t('errors.csrf');
  if (['offline', 'internal', 'unauthenticated'].includes(err.code)) return t(`errors.${err.code}`);
  return err.message;
}

/**
 * Parameters as the reader writes them: field names and roles translated and listed, a language code
 * as the language's name, dates in their locale.
 */
function readable(t: TFunction, params: Record<string, unknown>): Record<string, unknown> {
  const lang = i18n.language;
  const out: Record<string, unknown> = { ...params };
  if (Array.isArray(params.fields))
    out.fields = new Intl.ListFormat(lang).format(
      params.fields.map((f: string) => t(`errors.fields.${f}`, { defaultValue: f })),
    );
  if (Array.isArray(params.roles))
    out.roles = new Intl.ListFormat(lang, { type: 'disjunction' }).format(
      params.roles.map((r: string) => t(`roles.${r}`, { defaultValue: r })),
    );
  if (typeof params.locale === 'string') out.locale = languageName(lang, params.locale);
  if (typeof params.until === 'string')
    out.until = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(params.until));
  if (typeof params.retryAfterMinutes === 'number') out.count = params.retryAfterMinutes;
  return out;
}

function languageName(reader: string, code: string): string {
  try {
    return new Intl.DisplayNames(reader, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
