/** CLDR region codes that name a group or a placeholder, not a country someone lives in. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

const A = 'A'.charCodeAt(0);
const ALL_CODES = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(A + Math.floor(i / 26), A + (i % 26)));

export interface Named {
  value: string;
  label: string;
}

const byName = (lang: string) => {
  const collator = new Intl.Collator(lang);
  return (a: Named, b: Named) => collator.compare(a.label, b.label);
};

/** Every country the browser can name, by its name in `lang`, in that language's alphabetical order. */
export function countriesByName(lang: string): Named[] {
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
  return ALL_CODES.flatMap((code) => {
    const label = !NOT_COUNTRIES.has(code) && names.of(code);
    return label ? [{ value: code, label }] : [];
  }).sort(byName(lang));
}

/** Language codes by their name in `lang` ("tedesco" for de when reading in Italian). */
export function languagesByName(codes: readonly string[], lang: string): Named[] {
  const names = new Intl.DisplayNames([lang], { type: 'language' });
  return codes.map((code) => ({ value: code, label: names.of(code) ?? code })).sort(byName(lang));
}
