import type { Request } from 'express';

export const LANG_COOKIE = 'atrium_lang';

/** Languages the person asked for, strongest first: ?lang=, their saved choice, then Accept-Language. */
export function requestedLocales(req: Request, explicit: string | undefined): string[] {
  const wanted: string[] = [];
  if (explicit) wanted.push(explicit);
  const cookie = readCookie(req.headers.cookie, LANG_COOKIE);
  if (cookie) wanted.push(cookie);
  for (const lang of req.acceptsLanguages()) if (lang !== '*') wanted.push(lang);
  return wanted;
}

/** The first wanted language the content has (matching "de-AT" to "de"), else the fallback. */
export function pickLocale(wanted: string[], available: string[], fallback: string): string {
  for (const lang of wanted) {
    if (available.includes(lang)) return lang;
    const base = lang.split('-')[0].toLowerCase();
    if (available.includes(base)) return base;
  }
  return fallback;
}

export function pickText(map: Record<string, string>, locale: string, fallback: string): string {
  return map[locale] ?? map[fallback] ?? Object.values(map)[0] ?? '';
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return /^[a-z]{2,3}(-[A-Z]{2})?$/.test(value.join('=')) ? value.join('=') : undefined;
  }
  return undefined;
}
