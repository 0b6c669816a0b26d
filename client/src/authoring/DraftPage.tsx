import '../ui/staff.css';
import { useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { Field, FormMessage } from '../app/Field';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { authoringApi, type DraftCourses, type DraftView } from './api';

export const canAuthor = (role: string | undefined) => role === 'trainer' || role === 'admin';

/** The list of courses a trainer can edit. */
export function AuthoringHome() {
  const { t, i18n } = useTranslation('staff');
  const { user, ready } = useAuth();
  const heading = usePage(t('authoring.title'), 'authoring');
  const state = useApi((signal) => authoringApi.courses(signal), []);
  if (ready && !canAuthor(user?.role)) return <Navigate to="/sign-in?next=/authoring" replace />;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('authoring.title')}
      </h1>
      <Status state={state}>
        {(data: DraftCourses) => (
          <ul>
            {data.courses.map((c) => (
              <li key={c.id}>
                <Link to={`/authoring/${c.id}`}>{c.title[i18n.language] ?? c.title[c.defaultLocale]}</Link>
              </li>
            ))}
          </ul>
        )}
      </Status>
    </>
  );
}

export function DraftPage() {
  const { course = '' } = useParams();
  const { user, ready } = useAuth();
  const [version, setVersion] = useState(0);
  const state = useApi((signal) => authoringApi.draft(course, signal), [course, version]);
  if (ready && !canAuthor(user?.role)) return <Navigate to={`/sign-in?next=/authoring/${course}`} replace />;
  return (
    <Status state={state}>{(draft) => <DraftView draft={draft} reload={() => setVersion((v) => v + 1)} />}</Status>
  );
}

function DraftView({ draft, reload }: { draft: DraftView; reload: () => void }) {
  const { t } = useTranslation('staff');
  const { course } = draft;
  const heading = usePage(t('authoring.draftOf', { title: course.title[course.defaultLocale] }), `draft-${course.id}`);
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const act = async (work: () => Promise<unknown>, success?: string) => {
    try {
      await work();
      setMessage({ success });
      reload();
    } catch (err) {
      setMessage({ error: errorText(t, err) });
    }
  };
  const ids = draft.modules.map((m) => m.id);
  const move = (i: number, by: number) => {
    const order = [...ids];
    [order[i], order[i + by]] = [order[i + by], order[i]];
    return act(() => authoringApi.reorder(course.id, order));
  };
  const errors = draft.problems.filter((p) => p.severity === 'error');

  return (
    <>
      <p className="meta">
        <Link to="/authoring">{t('authoring.title')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('authoring.draftOf', { title: course.title[course.defaultLocale] })}
      </h1>
      <FormMessage error={message.error} success={message.success} />

      <h2>{t('authoring.modules')}</h2>
      <ol className="authoring-modules">
        {draft.modules.map((m, i) => (
          <li key={m.id}>
            <Link to={`/authoring/${course.id}/modules/${m.id}/${course.defaultLocale}`}>{m.title}</Link>{' '}
            <span className="meta">({m.id})</span>
            <span className="authoring-actions">
              <button
                type="button"
                disabled={i === 0}
                onClick={() => void move(i, -1)}
                aria-label={t('authoring.moveUp', { title: m.title })}
              >
                ↑
              </button>
              <button
                type="button"
                disabled={i === draft.modules.length - 1}
                onClick={() => void move(i, 1)}
                aria-label={t('authoring.moveDown', { title: m.title })}
              >
                ↓
              </button>
              <button
                type="button"
                onClick={() => {
                  const title = window.prompt(t('authoring.newTitle', { title: m.title }), m.title);
                  if (title?.trim()) void act(() => authoringApi.renameModule(course.id, m.id, title.trim()));
                }}
              >
                {t('authoring.rename')}
              </button>
              <button
                type="button"
                onClick={() => {
                  if (window.confirm(t('authoring.confirmRemove', { title: m.title })))
                    void act(() => authoringApi.removeModule(course.id, m.id));
                }}
              >
                {t('authoring.remove')}
              </button>
            </span>
          </li>
        ))}
      </ol>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const reset = () => (e.target as HTMLFormElement).reset();
          void act(async () => {
            await authoringApi.createModule(course.id, {
              id: String(form.get('id')),
              title: String(form.get('title')),
            });
            reset();
          });
        }}
      >
        <h3>{t('authoring.addModule')}</h3>
        <Field
          label={t('authoring.moduleId')}
          name="id"
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          hint={t('authoring.moduleIdHint')}
        />
        <Field label={t('authoring.moduleTitle')} name="title" required />
        <button type="submit">{t('authoring.create')}</button>
      </form>

      <h2>{t('authoring.translations')}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('authoring.modules')}</th>
              {course.locales.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.modules.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.title}</th>
                {course.locales.map((l) => (
                  <td key={l}>
                    <Link
                      to={`/authoring/${course.id}/modules/${m.id}/${l}`}
                      aria-label={`${m.title} · ${l}: ${t(`authoring.status.${m.translations[l] ?? 'missing'}`)}`}
                    >
                      {t(`authoring.status.${m.translations[l] ?? 'missing'}`)}
                    </Link>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <FilesTable draft={draft} />

      <CourseDetails draft={draft} act={act} />

      <h2>{t('authoring.problems')}</h2>
      {draft.problems.length === 0 ? (
        <p>{t('authoring.noProblems')}</p>
      ) : (
        <ul className="problems">
          {draft.problems.map((p, i) => (
            <li key={i} className={p.severity === 'error' ? 'feedback-wrong' : undefined}>
              {p.file}:{p.line}: {p.message}
            </li>
          ))}
        </ul>
      )}

      <PublishForm draft={draft} errorCount={errors.length} onPublished={reload} />
    </>
  );
}

/** The draft's templates and glossary, one edit link per language (an add link where one is missing). */
function FilesTable({ draft }: { draft: DraftView }) {
  const { t } = useTranslation('staff');
  const { course, files } = draft;
  const rows = [
    ...files.resources.map((r) => ({
      name: t('authoring.templateNamed', { title: r.title }),
      path: `templates/${r.id}`,
      revisions: Object.fromEntries(r.locales.map((l) => [l.locale, l.revision])),
    })),
    {
      name: t('authoring.glossary'),
      path: 'glossary',
      revisions: Object.fromEntries(files.glossary.map((g) => [g.locale, g.revision])),
    },
  ];
  return (
    <>
      <h2>{t('authoring.templatesAndGlossary')}</h2>
      <p>{t(files.own ? 'authoring.filesOwn' : 'authoring.filesFromRelease')}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('authoring.file')}</th>
              {course.locales.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.path}>
                <th scope="row">{row.name}</th>
                {course.locales.map((l) => {
                  const label = row.revisions[l]
                    ? t('authoring.editRevision', { revision: row.revisions[l] })
                    : t('authoring.addLanguage');
                  return (
                    <td key={l}>
                      <Link to={`/authoring/${course.id}/${row.path}/${l}`} aria-label={`${row.name} · ${l}: ${label}`}>
                        {label}
                      </Link>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface PublishResult {
  success?: string;
  error?: string;
  problems?: { file: string; line: number; message: string }[];
}

/**
 * Publishes the draft as a release, with its title and notes in each of the course's languages. The
 * result (published, or what failed) appears beside the button and is announced to screen readers.
 */
function PublishForm({
  draft,
  errorCount,
  onPublished,
}: {
  draft: DraftView;
  errorCount: number;
  onPublished: () => void;
}) {
  const { t, i18n } = useTranslation('staff');
  const { course } = draft;
  const names = new Intl.DisplayNames([i18n.language], { type: 'language' });
  const [result, setResult] = useState<PublishResult>({});
  const [busy, setBusy] = useState(false);
  const submit = async (form: FormData) => {
    const release = String(form.get('release'));
    const map = (key: string) =>
      Object.fromEntries(course.locales.map((l) => [l, String(form.get(`${key}-${l}`) ?? '').trim()]));
    setBusy(true);
    setResult({});
    try {
      await authoringApi.publish(course.id, { release, title: map('release-title'), notes: map('notes') });
      setResult({ success: t('authoring.published', { release }) });
      onPublished();
    } catch (err) {
      const problems = err instanceof ApiError ? (err.details?.problems as PublishResult['problems']) : undefined;
      setResult({ error: t('authoring.publishFailed', { reason: errorText(t, err) }), problems });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="form publish-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(new FormData(e.currentTarget));
      }}
    >
      <h2>{t('authoring.publish')}</h2>
      {errorCount > 0 && <p className="notice">{t('authoring.fixFirst', { count: errorCount })}</p>}
      <Field
        label={t('authoring.releaseId')}
        name="release"
        required
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        hint={t('authoring.releaseHint')}
      />
      {course.locales.map((l) => {
        const language = names.of(l) ?? l;
        const source = l === course.defaultLocale;
        return (
          <fieldset key={l}>
            <legend>{t('authoring.language', { language })}</legend>
            <Field
              label={t('authoring.releaseTitleIn', { language })}
              name={`release-title-${l}`}
              lang={l}
              maxLength={120}
              required={source}
              hint={source ? t('authoring.releaseTitleHint') : undefined}
            />
            <div className="field">
              <label htmlFor={`notes-${l}`}>{t('authoring.notesIn', { language })}</label>
              <textarea id={`notes-${l}`} name={`notes-${l}`} lang={l} rows={source ? 3 : 1} required={source} />
            </div>
          </fieldset>
        );
      })}
      <div className="publish-actions">
        <button type="submit" disabled={busy}>
          {t('authoring.publishButton')}
        </button>
        <div role="status" className="publish-result">
          {busy && <p>{t('authoring.publishing')}</p>}
          {result.success && <p className="feedback-right">{result.success}</p>}
          {result.error && (
            <>
              <p className="feedback-wrong">{result.error}</p>
              {result.problems && result.problems.length > 0 && (
                <ul className="problems">
                  {result.problems.map((p, i) => (
                    <li key={i}>
                      {p.file}:{p.line}: {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      </div>
    </form>
  );
}

function CourseDetails({
  draft,
  act,
}: {
  draft: DraftView;
  act: (w: () => Promise<unknown>, s?: string) => Promise<void>;
}) {
  const { t } = useTranslation('staff');
  const { course } = draft;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const map = (key: string) =>
          Object.fromEntries(course.locales.map((l) => [l, String(form.get(`${key}-${l}`) ?? '')]));
        void act(
          () =>
            authoringApi.changeCourse(course.id, {
              title: map('title'),
              summary: map('summary'),
              passMark: Number(form.get('passMark')),
            }),
          t('authoring.saved'),
        );
      }}
    >
      <h2>{t('authoring.metadata')}</h2>
      {course.locales.map((l) => (
        <fieldset key={l}>
          <legend>{t('authoring.language', { language: l })}</legend>
          <Field
            label={t('authoring.courseTitle')}
            name={`title-${l}`}
            lang={l}
            defaultValue={course.title[l] ?? ''}
            required={l === course.defaultLocale}
          />
          <div className="field">
            <label htmlFor={`summary-${l}`}>{t('authoring.summary')}</label>
            <textarea
              lang={l}
              id={`summary-${l}`}
              name={`summary-${l}`}
              rows={2}
              defaultValue={course.summary[l] ?? ''}
            />
          </div>
        </fieldset>
      ))}
      <Field
        label={t('authoring.passMark')}
        name="passMark"
        type="number"
        min={0}
        max={100}
        defaultValue={course.passMark}
        required
      />
      <button type="submit">{t('authoring.save')}</button>
    </form>
  );
}
