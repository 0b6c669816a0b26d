import i18n from 'i18next';
import { ApiError } from '../../client/src/api/client';
import { errorText } from '../../client/src/app/errorText';
import enCommon from '../../client/src/locales/en/common.json';
import enStaff from '../../client/src/locales/en/staff.json';
import frCommon from '../../client/src/locales/fr/common.json';
import frStaff from '../../client/src/locales/fr/staff.json';

describe('errorText', () => {
  beforeAll(async () => {
    await i18n.init({
      lng: 'en',
      ns: ['common', 'staff'],
      defaultNS: 'common',
      fallbackNS: 'common',
      resources: { en: { common: enCommon, staff: enStaff }, fr: { common: frCommon, staff: frStaff } },
      interpolation: { escapeValue: false },
    });
  });
  afterEach(() => i18n.changeLanguage('en'));

  const staffT = () => i18n.getFixedT(null, 'staff');
  const error = (details?: Record<string, unknown>, code = 'invalid') =>
    new ApiError(400, code, 'The English message.', details);

  it("says a staff page's error in the reader's language, with its parameters", async () => {
    const err = error({ reason: 'authoring.release_exists', release: '2026-spring' });
    expect(errorText(staffT(), err)).toBe(
      'Release 2026-spring is already published, and published releases never change. Choose a new release id.',
    );
    await i18n.changeLanguage('fr');
    expect(errorText(staffT(), err)).toMatch(/^La version 2026-spring est déjà publiée/);
  });

  it('names a language and lists roles as the reader says them', async () => {
    await i18n.changeLanguage('fr');
    expect(errorText(staffT(), error({ reason: 'authoring.not_a_language', locale: 'de' }))).toBe(
      "Le cours n'est pas proposé en allemand.",
    );
    expect(errorText(staffT(), error({ reason: 'auth.needs_role', roles: ['staff', 'admin'] }, 'forbidden'))).toBe(
      'Votre rôle ne le permet pas. Il faut ce rôle : Équipe du projet ou Administrateur.',
    );
  });

  it("names a staff form's fields in the reader's language", async () => {
    await i18n.changeLanguage('fr');
    const err = error({ reason: 'request.invalid_fields', fields: ['release', 'notes'] });
    expect(errorText(staffT(), err)).toContain('identifiant de la version et notes de version');
  });

  it("falls back to the server's message for a reason it does not know, or none", () => {
    expect(errorText(staffT(), error({ reason: 'authoring.something_new' }))).toBe('The English message.');
    expect(errorText(staffT(), error())).toBe('The English message.');
  });
});
