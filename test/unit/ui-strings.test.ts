import fs from 'node:fs';
import path from 'node:path';

const LOCALES_DIR = path.resolve(__dirname, '../../client/src/locales');
const CLIENT_DIR = path.resolve(__dirname, '../../client/src');
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.entries(obj).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'object' && v !== null
      ? { ...acc, ...flatten(v as Record<string, unknown>, key) }
      : { ...acc, [key]: String(v) };
  }, {});
}

/** Every namespace of a language (common, discussion), as one map: the client's t() may use any of them. */
const load = (lang: string) =>
  Object.assign(
    {},
    ...fs
      .readdirSync(path.join(LOCALES_DIR, lang))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => flatten(JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lang, f), 'utf8')))),
  ) as Record<string, string>;
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const en = load('en');
const baseKeys = (strings: Record<string, string>) =>
  [...new Set(Object.keys(strings).map((k) => k.replace(PLURAL, '')))].sort();

describe('UI strings', () => {
  const languages = fs.readdirSync(LOCALES_DIR).sort();

  it('exist in all nine languages', () => {
    expect(languages).toEqual(['cs', 'de', 'el', 'en', 'es', 'fi', 'fr', 'hr', 'it']);
  });

  it.each(languages.filter((l) => l !== 'en'))('%s has every English string, with the same placeholders', (lang) => {
    const strings = load(lang);
    expect(baseKeys(strings)).toEqual(baseKeys(en));
    for (const [key, text] of Object.entries(strings)) {
      expect(text.trim()).not.toBe('');
      const english = en[key] ?? en[`${key.replace(PLURAL, '')}_other`];
      expect(`${key}: ${placeholders(text)}`).toBe(`${key}: ${placeholders(english)}`);
    }
  });

  it("keeps the staff pages' strings out of what learners download", () => {
    const common = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, 'en', 'common.json'), 'utf8'));
    for (const section of ['authoring', 'reports', 'lrs', 'admin']) expect(common).not.toHaveProperty(section);
  });

  it('defines every key the client asks for', () => {
    const files = fs.readdirSync(CLIENT_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const used = files.flatMap((f) =>
      [...fs.readFileSync(path.join(CLIENT_DIR, f), 'utf8').matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]),
    );
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(`${key}: ${key in en || `${key}_other` in en}`).toBe(`${key}: true`);
  });

  it("translates every error reason the server gives, with the server's parameters", () => {
    const SERVER_DIR = path.resolve(__dirname, '../../server/src');
    const files = fs.readdirSync(SERVER_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const reasons = files.flatMap((f) => {
      const text = fs.readFileSync(path.join(SERVER_DIR, f), 'utf8');
      // A reason and the parameters written beside it: { reason: 'quiz.no_answer', question: qi + 1 }.
      return [...text.matchAll(/\{\s*reason: '(\w+\.\w+)'([^}]*)\}/g)].map((m) => ({
        file: f,
        reason: m[1],
        // Each parameter's name leads its entry, written out (count: n) or shorthand (release).
        params: m[2]
          .split(',')
          .map((p) => /^\s*(\w+)/.exec(p)?.[1])
          .filter(Boolean),
      }));
    });
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['password.too_common', 'auth.wrong_credentials', 'quiz.no_answer', 'discussion.muted']),
    );
    // Only the authoring and administration pages load the staff strings; any other page shows common's.
    const common = flatten(JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, 'en', 'common.json'), 'utf8')));
    for (const { file, reason, params } of reasons) {
      const text = en[`errors.reasons.${reason}`];
      expect(`${reason}: ${typeof text}`).toBe(`${reason}: string`);
      for (const name of placeholders(text))
        expect(`${reason} needs ${name}: ${params.includes(name)}`).toMatch(/true$/);
      if (!/^(authoring|users)\//.test(file))
        expect(`${reason} in common: ${`errors.reasons.${reason}` in common}`).toMatch(/true$/);
    }
  });
});

describe('mail texts', () => {
  const MAIL_DIR = path.resolve(__dirname, '../../server/src/lib/i18n/locales');
  const mail = (lang: string) => flatten(JSON.parse(fs.readFileSync(path.join(MAIL_DIR, lang, 'mail.json'), 'utf8')));

  it.each(['it', 'de', 'fr', 'es', 'el', 'fi', 'cs', 'hr'])(
    '%s has every English mail text with the same placeholders',
    (lang) => {
      const english = mail('en');
      const strings = mail(lang);
      expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(strings))
        expect(`${key}: ${placeholders(text)}`).toBe(`${key}: ${placeholders(english[key])}`);
    },
  );
});
