import '../ui/staff.css';
import { PageShell } from '../ui';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { parse } from 'yaml';
import { splitFrontMatter } from '../../../server/src/lib/markdown/front-matter';
import { renderMarkdown } from '../../../server/src/lib/markdown/render';
import { ApiError } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { FormMessage } from '../app/Field';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { signInHere, useAuth } from '../auth/AuthContext';
import { GlossaryList } from '../module/GlossaryList';
import { authoringApi, type ConflictDetails, type ExtraFile, type ExtraRef, type Problem } from './api';
import { canAuthor } from './DraftPage';
import { ConflictPanel, ProblemList } from './EditParts';

const AUTOSAVE_MS = 1500;
const CHECK_MS = 400;

/** The editor of one language of the draft's glossary, or of one of its templates (`:resource`). */
export function FileEditorPage() {
  const location = useLocation();
  const { course = '', resource, locale = '' } = useParams();
  const { user, ready } = useAuth();
  const ref: ExtraRef = useMemo(() => ({ course, resource, locale }), [course, resource, locale]);
  const state = useApi((signal) => authoringApi.extra(ref, signal), [ref]);
  if (ready && !canAuthor(user?.role)) return <Navigate to={signInHere(location)} replace />;
  return (
    <PageShell width="full">
      <Status state={state}>{(file) => <FileEditor key={file.file} file={file} fileRef={ref} />}</Status>
    </PageShell>
  );
}

function FileEditor({ file, fileRef }: { file: ExtraFile; fileRef: ExtraRef }) {
  const { t } = useTranslation('staff');
  const { course, locale } = fileRef;
  const title =
    file.kind === 'glossary'
      ? t('authoring.glossaryEditor', { language: locale })
      : t('authoring.templateEditor', { id: file.itemId, language: locale });
  const heading = usePage(title, `file-editor-${file.file}`);
  const [value, setValue] = useState(file.source);
  const [saved, setSaved] = useState({ source: file.revision ? file.source : '', revision: file.revision });
  const [status, setStatus] = useState<{ error?: string; success?: string }>({});
  const [conflict, setConflict] = useState<ConflictDetails | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const textId = useId();

  const save = async (content: string, base: number) => {
    try {
      const res = await authoringApi.saveExtra(fileRef, content, base);
      setSaved({ source: content, revision: res.revision });
      setStatus({ success: t('authoring.savedRevision', { revision: res.revision }) });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.details?.reason === 'edit_conflict')
        setConflict(err.details as unknown as ConflictDetails);
      else setStatus({ error: errorText(t, err) });
    }
  };

  // Autosave a while after typing stops; a text that cannot be read is refused and the reason shown.
  useEffect(() => {
    if (conflict || value === saved.source || saved.revision === 0) return;
    const timer = setTimeout(() => void save(value, saved.revision), AUTOSAVE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, saved, conflict]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      authoringApi.checkExtra(fileRef, value, controller.signal).then(
        (res) => setProblems(res.problems),
        () => {},
      );
    }, CHECK_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [fileRef, value]);

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
        {title}
      </h1>
      <p>{t(file.kind === 'glossary' ? 'authoring.glossaryHelp' : 'authoring.templateHelp')}</p>
      <FormMessage error={status.error} success={status.success} />
      {conflict && <ConflictPanel conflict={conflict} onResolve={(choice) => void resolve(choice)} />}
      <div className="editor-grid">
        <section>
          <label htmlFor={textId}>
            {t(file.kind === 'glossary' ? 'authoring.glossaryText' : 'authoring.templateText', { file: file.file })}
          </label>
          <textarea
            id={textId}
            className="editor-text"
            lang={locale}
            spellCheck
            rows={24}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby={`${textId}-state`}
          />
          <p id={`${textId}-state`} className="meta" aria-live="polite">
            {saved.revision === 0
              ? t('authoring.newFile')
              : value === saved.source
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
        </section>
        <section aria-labelledby={`${textId}-preview`}>
          <h2 id={`${textId}-preview`}>{t('authoring.preview')}</h2>
          {file.kind === 'glossary' ? (
            <GlossaryPreview source={value} lang={locale} />
          ) : (
            <TemplatePreview source={value} lang={locale} />
          )}
        </section>
      </div>
    </>
  );
}

interface Term {
  id: string;
  term: string;
  definition: string;
}

/** The terms as the glossary page lists them (sorted by term); entries not readable yet are left out. */
function GlossaryPreview({ source, lang }: { source: string; lang: string }) {
  const { t } = useTranslation('staff');
  const terms = useMemo(() => {
    try {
      const map = parse(source) as Record<string, Partial<Term>> | null;
      if (!map || typeof map !== 'object') return [];
      return Object.entries(map)
        .filter(([, e]) => e && typeof e.term === 'string' && typeof e.definition === 'string')
        .map(([id, e]) => ({ id, term: e.term!, definition: e.definition! }))
        .sort((a, b) => a.term.localeCompare(b.term, lang));
    } catch {
      return null;
    }
  }, [source, lang]);
  if (terms === null) return <p>{t('authoring.previewUnreadable')}</p>;
  return (
    <div className="preview glossary-page">
      {terms.length === 0 ? <p>{t('authoring.noTerms')}</p> : <GlossaryList terms={terms} lang={lang} />}
    </div>
  );
}

/** The template as its downloads set it out: title, description, then the text. */
function TemplatePreview({ source, lang }: { source: string; lang: string }) {
  const rendered = useMemo(() => {
    const split = splitFrontMatter(source);
    let fm: { title?: unknown; description?: unknown };
    try {
      fm = ((split ? parse(split.yaml) : null) as typeof fm | null) ?? {};
    } catch {
      fm = {};
    }
    const html = renderMarkdown(split?.body ?? source, {}).html;
    return {
      title: typeof fm.title === 'string' ? fm.title : '',
      description: typeof fm.description === 'string' ? fm.description : '',
      html,
    };
  }, [source]);
  return (
    <div className="preview module" lang={lang}>
      <p className="preview-title">{rendered.title}</p>
      {rendered.description && <p className="meta">{rendered.description}</p>}
      <div className="module-content" dangerouslySetInnerHTML={{ __html: rendered.html }} />
    </div>
  );
}
