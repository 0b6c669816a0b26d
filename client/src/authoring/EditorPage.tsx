import '../ui/staff.css';
import { PageShell } from '../ui';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { FormMessage } from '../app/Field';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { signInHere, useAuth } from '../auth/AuthContext';
import { authoringApi, type ConflictDetails, type DraftView, type Problem } from './api';
import { canAuthor } from './DraftPage';
import { ConflictPanel, ProblemList } from './EditParts';
import { Preview } from './Preview';
import { WordDiff } from '../ui/WordDiff';

const SNIPPETS: Record<string, string> = {
  quiz: '\n::: quiz my-check\n? Question?\n- [x] Right answer\n  Why it is right.\n- [ ] Wrong answer\n  Why it is wrong.\n:::\n',
  reflection: '\n::: reflection my-reflection\nA question learners answer for themselves.\n:::\n',
  case: '\n::: case city-name\n### City: what it did\nThe story.\n:::\n',
  activity: '\n::: activity Title of the activity\n1. First step.\n:::\n',
};
const AUTOSAVE_MS = 1500;
const CHECK_MS = 400;

export function EditorPage() {
  const location = useLocation();
  const { course = '', module = '', locale = '' } = useParams();
  const { user, ready } = useAuth();
  const state = useApi(
    async (signal) => {
      const draft = await authoringApi.draft(course, signal);
      const load = (l: string) =>
        authoringApi.text(course, module, l, signal).catch((err: unknown) => {
          // Only a text not written yet opens an empty editor; a module or language that is not there is an error.
          if (err instanceof ApiError && err.details?.reason === 'authoring.no_text') return null;
          throw err;
        });
      const [text, source] = await Promise.all([
        load(locale),
        locale === draft.course.defaultLocale ? null : load(draft.course.defaultLocale),
      ]);
      return { draft, text, source };
    },
    [course, module, locale],
  );
  if (ready && !canAuthor(user?.role)) return <Navigate to={signInHere(location)} replace />;
  return (
    <PageShell width="full">
      <Status state={state}>
        {(data) => <Editor key={`${module}/${locale}`} {...data} moduleId={module} locale={locale} />}
      </Status>
    </PageShell>
  );
}

interface EditorProps {
  draft: DraftView;
  text: { source: string; revision: number } | null;
  source: { source: string } | null;
  moduleId: string;
  locale: string;
}

function Editor({ draft, text, source, moduleId, locale }: EditorProps) {
  const { t } = useTranslation('staff');
  const course = draft.course.id;
  const module = draft.modules.find((m) => m.id === moduleId);
  const title = module?.title ?? moduleId;
  const heading = usePage(t('authoring.editor', { title, language: locale }), `editor-${moduleId}-${locale}`);
  const [value, setValue] = useState(text?.source ?? '');
  const [started, setStarted] = useState(Boolean(text));
  const [saved, setSaved] = useState({ source: text?.source ?? '', revision: text?.revision ?? 0 });
  const [status, setStatus] = useState<{ error?: string; success?: string }>({});
  const [conflict, setConflict] = useState<ConflictDetails | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [images, setImages] = useState(module?.images ?? []);
  const [historyVersion, setHistoryVersion] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const textId = useId();

  const save = async (content: string, base: number) => {
    try {
      const res = await authoringApi.save(course, moduleId, locale, content, base);
      setSaved({ source: content, revision: res.revision });
      setStatus({ success: t('authoring.savedRevision', { revision: res.revision }) });
      setHistoryVersion((v) => v + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.details?.reason === 'edit_conflict')
        setConflict(err.details as unknown as ConflictDetails);
      else setStatus({ error: errorText(t, err) });
    }
  };

  // Autosave: a while after the trainer stops typing, unless a conflict waits for a decision.
  useEffect(() => {
    if (!started || conflict || value === saved.source) return;
    const timer = setTimeout(() => void save(value, saved.revision), AUTOSAVE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, saved, conflict, started]);

  // Inline validation by the server's own checks, as the trainer types.
  useEffect(() => {
    if (!started) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      authoringApi.check(course, moduleId, locale, value, controller.signal).then(
        (res) => setProblems(res.problems),
        () => {},
      );
    }, CHECK_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [course, moduleId, locale, value, started]);

  const insert = (snippet: string) => {
    const el = area.current;
    const at = el ? el.selectionStart : value.length;
    const next = value.slice(0, at) + snippet + value.slice(at);
    setValue(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + snippet.length, at + snippet.length);
    });
  };

  const upload = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || !file.name) return;
    try {
      const res = await authoringApi.upload(course, moduleId, file, String(data.get('alt') ?? ''));
      setImages((list) => [...list.filter((i) => i.fileName !== res.fileName), res]);
      insert(`\n${res.markdown}\n`);
      form.reset();
      setStatus({});
    } catch (err) {
      setStatus({ error: errorText(t, err) });
    }
  };

  const resolve = async (choice: 'mine' | 'theirs') => {
    if (!conflict) return;
    const theirs = conflict.theirs;
    setConflict(null);
    if (choice === 'theirs') {
      setValue(theirs.source);
      setSaved({ source: theirs.source, revision: theirs.revision });
    } else {
      setSaved((s) => ({ ...s, revision: theirs.revision }));
      await save(value, theirs.revision);
    }
  };

  return (
    <>
      <p className="meta">
        <Link to={`/authoring/${course}`}>{t('authoring.backToDraft')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('authoring.editor', { title, language: locale })}
      </h1>
      <FormMessage error={status.error} success={status.success} />
      {conflict && <ConflictPanel conflict={conflict} onResolve={(choice) => void resolve(choice)} />}
      {!started ? (
        <p>
          {t('authoring.noText')}{' '}
          {source && (
            <button
              type="button"
              onClick={() => {
                setValue(source.source);
                setStarted(true);
              }}
            >
              {t('authoring.startTranslation')}
            </button>
          )}
        </p>
      ) : (
        <div className={source ? 'editor-grid editor-translation' : 'editor-grid'}>
          {source && (
            <section aria-labelledby="source-heading">
              <h2 id="source-heading">{t('authoring.source', { language: draft.course.defaultLocale })}</h2>
              <pre className="source-text" lang={draft.course.defaultLocale}>
                {source.source}
              </pre>
              <button
                type="button"
                onClick={() =>
                  void authoringApi.stamp(course, moduleId, locale, saved.revision).then(
                    async (res) => {
                      const fresh = await authoringApi.text(course, moduleId, locale);
                      setValue(fresh.source);
                      setSaved({ source: fresh.source, revision: res.revision });
                      setStatus({ success: t('authoring.savedRevision', { revision: res.revision }) });
                    },
                    (err: unknown) => setStatus({ error: errorText(t, err) }),
                  )
                }
                disabled={value !== saved.source}
              >
                {t('authoring.markTranslated')}
              </button>
            </section>
          )}
          <section>
            <div role="toolbar" aria-label={t('authoring.toolbar')} className="toolbar">
              {Object.keys(SNIPPETS).map((kind) => (
                <button key={kind} type="button" onClick={() => insert(SNIPPETS[kind])}>
                  {t(`authoring.insert.${kind}`)}
                </button>
              ))}
            </div>
            <label id={`${textId}-label`} htmlFor={textId}>
              {t('authoring.text')}
            </label>
            <textarea
              id={textId}
              ref={area}
              className="editor-text"
              lang={locale}
              spellCheck
              rows={24}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-describedby={`${textId}-state`}
            />
            <p id={`${textId}-state`} className="meta" aria-live="polite">
              {value === saved.source
                ? t('authoring.savedRevision', { revision: saved.revision })
                : t('authoring.unsaved')}
            </p>
            <button
              type="button"
              disabled={value === saved.source || Boolean(conflict)}
              onClick={() => void save(value, saved.revision)}
            >
              {t('authoring.save')}
            </button>
            <h2>{t('authoring.problemsInText')}</h2>
            <ProblemList problems={problems} />
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                void upload(e.currentTarget);
              }}
            >
              <h2>{t('authoring.image')}</h2>
              <div className="field">
                <label htmlFor={`${textId}-file`}>{t('authoring.imageFile')}</label>
                <input
                  id={`${textId}-file`}
                  name="file"
                  type="file"
                  accept="image/png,image/jpeg,image/webp,image/svg+xml"
                  required
                />
              </div>
              <div className="field">
                <label htmlFor={`${textId}-alt`}>{t('authoring.altText')}</label>
                <input id={`${textId}-alt`} name="alt" required maxLength={300} />
              </div>
              <button type="submit">{t('authoring.upload')}</button>
            </form>
          </section>
          <section aria-labelledby={`${textId}-preview`}>
            <h2 id={`${textId}-preview`}>{t('authoring.preview')}</h2>
            <Preview
              source={value}
              images={images}
              lang={locale}
              course={course}
              extras={draft.extras}
              defaultLocale={draft.course.defaultLocale}
            />
          </section>
        </div>
      )}
      {started && (
        <History
          course={course}
          moduleId={moduleId}
          locale={locale}
          version={historyVersion}
          onRestore={async (revision) => {
            try {
              const res = await authoringApi.restore(course, moduleId, locale, revision, saved.revision);
              const fresh = await authoringApi.text(course, moduleId, locale);
              setValue(fresh.source);
              setSaved({ source: fresh.source, revision: res.revision });
              setStatus({ success: t('authoring.restored', { revision }) });
              setHistoryVersion((v) => v + 1);
            } catch (err) {
              if (err instanceof ApiError && err.details?.reason === 'edit_conflict')
                setConflict(err.details as unknown as ConflictDetails);
              else setStatus({ error: errorText(t, err) });
            }
          }}
        />
      )}
    </>
  );
}

function History(props: {
  course: string;
  moduleId: string;
  locale: string;
  version: number;
  onRestore: (revision: number) => Promise<void>;
}) {
  const { t, i18n } = useTranslation('staff');
  const { course, moduleId, locale, version } = props;
  const [shown, setShown] = useState<{ revision: number; source: string } | null>(null);
  const [compared, setCompared] = useState<{
    revision: number;
    previous: number;
    before: string;
    after: string;
  } | null>(null);
  const compare = async (revision: number, previous: number) => {
    const [after, before] = await Promise.all([
      authoringApi.revision(course, moduleId, locale, revision),
      authoringApi.revision(course, moduleId, locale, previous),
    ]);
    setCompared({ revision, previous, before: before.source, after: after.source });
  };
  const state = useApi(
    (signal) => authoringApi.revisions(course, moduleId, locale, signal),
    [course, moduleId, locale, version],
  );
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('authoring.history')}</h2>
      <Status state={state}>
        {(data) => (
          <ol className="history">
            {data.revisions.map((r, i) => (
              <li key={r.revision}>
                {t('authoring.revisionBy', {
                  revision: r.revision,
                  author: r.author ?? t('authoring.filesAuthor'),
                  time: new Date(r.createdAt).toLocaleString(i18n.language),
                })}
                {r.note ? ` (${r.note})` : ''}{' '}
                <button
                  type="button"
                  aria-expanded={shown?.revision === r.revision}
                  onClick={() =>
                    shown?.revision === r.revision
                      ? setShown(null)
                      : void authoringApi
                          .revision(course, moduleId, locale, r.revision)
                          .then(setShown, () => setShown(null))
                  }
                >
                  {t('authoring.show', { revision: r.revision })}
                </button>{' '}
                {data.revisions[i + 1] && (
                  <button
                    type="button"
                    aria-expanded={compared?.revision === r.revision}
                    onClick={() =>
                      compared?.revision === r.revision
                        ? setCompared(null)
                        : void compare(r.revision, data.revisions[i + 1].revision).catch(() => setCompared(null))
                    }
                  >
                    {t('authoring.compare', { revision: r.revision, previous: data.revisions[i + 1].revision })}
                  </button>
                )}{' '}
                {i > 0 && (
                  <button type="button" onClick={() => void props.onRestore(r.revision)}>
                    {t('authoring.restore', { revision: r.revision })}
                  </button>
                )}
                {shown?.revision === r.revision && (
                  <pre className="source-text" lang={locale}>
                    {shown.source}
                  </pre>
                )}
                {compared?.revision === r.revision && (
                  <WordDiff
                    before={compared.before}
                    after={compared.after}
                    lang={locale}
                    label={t('authoring.diffLabel', { revision: compared.revision, previous: compared.previous })}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
      </Status>
    </section>
  );
}
