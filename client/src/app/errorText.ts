import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A translated headline for an API error code, followed by the server's explanation. */
export function errorText(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.internal');
  if (err.code === 'rate_limited')
    return t('errors.rate_limited', { count: Number(err.details?.retryAfterMinutes ?? 15) });
  if (err.code === 'forbidden' && err.details?.reason === 'csrf') return t('errors.csrf');
  const headline = t(`errors.${err.code}`, { defaultValue: '' });
  return headline && headline !== err.message ? `${headline} ${err.message}` : err.message;
}
