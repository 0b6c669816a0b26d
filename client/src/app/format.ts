/** A calendar date (YYYY-MM-DD or an ISO time) in the reader's language, e.g. "7 December 2026". */
export function formatDate(lang: string, date: string | Date, style: 'medium' | 'long' = 'medium'): string {
  const d =
    typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T12:00:00Z`) : new Date(date);
  return Number.isNaN(+d) ? String(date) : new Intl.DateTimeFormat(lang, { dateStyle: style }).format(d);
}
