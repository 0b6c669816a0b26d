import path from 'node:path';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { createTestApp, type TestApp } from '../support/app';
import { expectedKind } from '../support/database';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const unsafe = await importCoursesFromDirectory(t.database.db, path.resolve(__dirname, '../fixtures/unsafe-courses'));
  expect(unsafe[0].error).toBeUndefined();
});
afterAll(() => t.close());

const moduleUrl = (release: string, module: string, lang?: string) =>
  `/api/courses/sample/releases/${release}/modules/${module}${lang ? `?lang=${lang}` : ''}`;

describe('health', () => {
  it('reports the database it checked', async () => {
    const res = await t.request.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: expectedKind() });
  });
});

describe('catalog', () => {
  it('lists courses with their current release, in the requested language', async () => {
    const res = await t.request.get('/api/courses?lang=it').expect(200);
    const sample = res.body.courses.find((c: { id: string }) => c.id === 'sample');
    expect(sample).toEqual({
      id: 'sample',
      locale: 'it',
      title: 'Corso di prova',
      summary: 'Un piccolo corso usato dai test.',
      locales: ['en', 'it', 'de'],
      currentRelease: 'v2',
      currentReleaseTitle: 'Seconda edizione',
      licence: 'CC-BY-SA-4.0',
      makers: null,
      outcomes: null,
      image: null,
      minutes: 30,
      modules: 2,
      // Only English has the text of every module; Italian and German are partly or titles only.
      fullLocales: ['en'],
    });
  });

  it('falls back to the course default for a title that is not translated', async () => {
    const res = await t.request.get('/api/courses/sample?lang=de').expect(200);
    expect(res.body.title).toBe('Beispielkurs');
    expect(res.body.summary).toBe('A small course used by the tests.');
  });

  it('shows a course with its releases in order and rendered release notes', async () => {
    const res = await t.request.get('/api/courses/sample').expect(200);
    expect(res.body.releases.map((r: { id: string }) => r.id)).toEqual(['v1', 'v2']);
    expect(res.body.currentRelease).toBe('v2');
    expect(res.body.passMark).toBe(0.5);
    expect(res.body.releases[1].notesHtml).toContain('<li>Added the Italian translation of <em>Welcome</em>.</li>');
  });

  it('gives a release outline: modules in order with titles, minutes and locales', async () => {
    const res = await t.request.get('/api/courses/sample/releases/v2?lang=it').expect(200);
    expect(res.body.totalMinutes).toBe(30);
    expect(res.body.release).toEqual({ id: 'v2', date: '2024-05-01', current: true });
    expect(res.body.modules).toEqual([
      { id: 'welcome', position: 1, title: 'Benvenuti', titleLocale: 'it', minutes: 10, locales: ['en', 'it'] },
      { id: 'practice', position: 2, title: 'Practice', titleLocale: 'en', minutes: 20, locales: ['en'] },
    ]);
  });
});

describe('modules', () => {
  it('serves a module in the requested language', async () => {
    const res = await t.request.get(moduleUrl('v2', 'welcome', 'it')).expect(200);
    expect(res.body).toMatchObject({
      locale: 'it',
      requestedLocale: 'it',
      fallback: false,
      title: 'Benvenuti',
      position: 1,
      count: 2,
    });
    expect(res.body.html).toContain('Questo modulo vi dà il benvenuto');
    expect(res.body.next).toEqual({ id: 'practice', title: 'Practice' });
    expect(res.body.previous).toBeNull();
  });

  it('falls back to the default locale and says so when a module lacks the language', async () => {
    const res = await t.request.get(moduleUrl('v2', 'practice', 'fi')).expect(200);
    expect(res.body).toMatchObject({ locale: 'en', requestedLocale: 'fi', fallback: true });
  });

  it('negotiates from Accept-Language when no lang is given', async () => {
    const res = await t.request
      .get(moduleUrl('v2', 'welcome'))
      .set('Accept-Language', 'it-IT,it;q=0.9,en;q=0.5')
      .expect(200);
    expect(res.body.locale).toBe('it');
  });

  it('prefers the saved language cookie over Accept-Language', async () => {
    const res = await t.request
      .get(moduleUrl('v2', 'welcome'))
      .set('Cookie', 'atrium_lang=it')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(res.body.locale).toBe('it');
  });

  it('serves each release its own version of a module', async () => {
    const v1 = await t.request.get(moduleUrl('v1', 'practice')).expect(200);
    const v2 = await t.request.get(moduleUrl('v2', 'practice')).expect(200);
    expect(v1.body.html).not.toContain('Reflect');
    expect(v2.body.html).toContain('Reflect');
    const v1it = await t.request.get(moduleUrl('v1', 'welcome', 'it')).expect(200);
    expect(v1it.body.fallback).toBe(true);
  });

  it('sends quizzes without correct answers or feedback', async () => {
    const res = await t.request.get(moduleUrl('v2', 'welcome')).expect(200);
    expect(res.body.quizzes[0].questions[0]).toEqual({
      prompt: 'Which container holds a knowledge check?',
      multiple: false,
      options: [{ text: 'quiz' }, { text: 'case' }],
    });
    expect(res.text).not.toMatch(/"correct"|"feedback"|Right: a quiz block/);
  });

  it('rewrites images to content-addressed assets served with a script-free policy', async () => {
    const res = await t.request.get(moduleUrl('v2', 'welcome')).expect(200);
    const src = /src="(\/api\/assets\/[0-9a-f]{64}\.svg)"/.exec(res.body.html)?.[1];
    expect(src).toBeDefined();
    const asset = await t.request.get(src!).expect(200);
    expect(asset.headers['content-type']).toBe('image/svg+xml');
    expect(asset.headers['content-security-policy']).toContain("default-src 'none'");
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('supports conditional requests with ETag', async () => {
    const first = await t.request.get(moduleUrl('v2', 'welcome', 'en')).expect(200);
    expect(first.headers.etag).toBeDefined();
    expect(first.headers['cache-control']).toContain('max-age');
    await t.request
      .get(moduleUrl('v2', 'welcome', 'en'))
      .set('If-None-Match', first.headers.etag)
      .expect(304);
  });

  it('renders unsafe Markdown as inert text', async () => {
    const res = await t.request.get('/api/courses/unsafe/releases/r1/modules/unsafe').expect(200);
    expect(res.body.html).not.toMatch(/<script|<img|href="javascript:|href="data:|onerror="/i);
    expect(res.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('errors', () => {
  it.each([
    ['/api/courses/nope', 404, /There is no course "nope"/],
    ['/api/courses/sample/releases/v9', 404, /has no release "v9". Its releases are: v1, v2/],
    ['/api/courses/sample/releases/v2/modules/nope', 404, /has no module "nope". Its modules are: welcome, practice/],
    ['/api/courses/sample/releases/v2/modules/welcome?lang=english!', 400, /lang must be a language code/],
    ['/api/courses/Bad_Id', 400, /course ids use lowercase letters/],
    ['/api/nothing-here', 404, /There is no GET \/nothing-here/],
  ])('GET %s → %i with a message that says what to fix', async (url, status, message) => {
    const res = await t.request.get(url).expect(status);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.code).toBe(status === 404 ? 'not_found' : 'invalid');
  });
});
