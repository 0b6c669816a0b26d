import '../ui/staff.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useApi } from '../api/useApi';
import { errorText } from '../app/errorText';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { PageShell } from '../ui';
import { discussionApi, type AuditEntry, type AuditLog } from './api';
import { languageName } from './Discussion';

const ACTIONS = [
  'hide',
  'restore',
  'delete',
  'auto-hide',
  'mute',
  'unmute',
  'pin',
  'unpin',
  'mark-helpful',
  'unmark-helpful',
] as const;
const FIELDS = ['action', 'course', 'person', 'from', 'to'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** Every moderation action, newest first, for trainers, staff and admins: filtered, a page at a time. */
export function AuditPage() {
  const { t, i18n } = useTranslation('discussion');
  const { user, ready } = useAuth();
  const heading = usePage(t('audit.title'), 'moderation-audit');
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams(FIELDS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : []))).toString();
  const state = useApi((signal) => discussionApi.audit(query, signal), [query]);
  const catalog = useApi((signal) => api.catalog(i18n.language, signal), [i18n.language]);
  const courses = catalog.status === 'ready' ? catalog.data.courses : [];
  if (ready && (!user || user.role === 'learner')) return <Navigate to="/sign-in?next=/moderation/audit" replace />;
  return (
    <PageShell width="page">
      <p>
        <Link to="/moderation">{t('audit.back')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('audit.title')}
      </h1>
      <p className="meta">{t('audit.intro')}</p>
      <AuditFilters
        key={query}
        initial={Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Values}
        courses={courses.map((c) => ({ value: c.id, label: c.title }))}
        onApply={(values) => setParams(new URLSearchParams(Object.entries(values).filter(([, v]) => v.trim())))}
      />
      <Status state={state}>{(first) => <Entries first={first} query={query} titles={courses} />}</Status>
    </PageShell>
  );
}

function AuditFilters(props: {
  initial: Values;
  courses: { value: string; label: string }[];
  onApply: (values: Values) => void;
}) {
  const { t } = useTranslation('discussion');
  const [values, setValues] = useState(props.initial);
  const id = useId();
  const set = (f: keyof Values) => (e: { target: { value: string } }) =>
    setValues((old) => ({ ...old, [f]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(values);
  };
  const empty = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Values;
  return (
    <form className="filters" aria-label={t('audit.filters')} onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
        <select id={`${id}-action`} value={values.action} onChange={set('action')}>
          <option value="">{t('audit.allActions')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`audit.actions.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-course`}>{t('audit.course')}</label>
        <select id={`${id}-course`} value={values.course} onChange={set('course')}>
          <option value="">{t('audit.allCourses')}</option>
          {props.courses.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-person`}>{t('audit.person')}</label>
        <input id={`${id}-person`} value={values.person} onChange={set('person')} maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
        <input id={`${id}-from`} type="date" value={values.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
        <input id={`${id}-to`} type="date" value={values.to} onChange={set('to')} />
      </div>
      <div className="filter-buttons">
        <button type="submit">{t('audit.apply')}</button>
        <button type="button" className="button-secondary" onClick={() => props.onApply(empty)}>
          {t('audit.clear')}
        </button>
      </div>
    </form>
  );
}

function Entries({
  first,
  query,
  titles,
}: {
  first: AuditLog;
  query: string;
  titles: { id: string; title: string }[];
}) {
  const { t } = useTranslation('discussion');
  const { t: tc } = useTranslation();
  const [entries, setEntries] = useState(first.entries);
  const [next, setNext] = useState(first.next);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  // A new first page (other filters) replaces what was shown, older pages included.
  useEffect(() => {
    setEntries(first.entries);
    setNext(first.next);
    setMessage(t('audit.shown', { count: first.entries.length }));
  }, [first, t]);
  const more = async () => {
    setBusy(true);
    try {
      const p = new URLSearchParams(query);
      p.set('before', String(next));
      const page = await discussionApi.audit(p.toString());
      setEntries((old) => [...old, ...page.entries]);
      setNext(page.next);
      setMessage(t('audit.loaded', { count: page.entries.length }));
    } catch (err) {
      setMessage(errorText(tc, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="audit-entries">
      <h2 id="audit-entries">{t('audit.entries')}</h2>
      <p role="status" className="meta">
        {message}
      </p>
      {entries.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <ol className="audit-log">
          {entries.map((e) => (
            <li key={e.id}>
              <Entry entry={e} courseTitle={titles.find((c) => c.id === e.comment?.place?.course)?.title} />
            </li>
          ))}
        </ol>
      )}
      {next !== null && (
        <button type="button" disabled={busy} onClick={() => void more()}>
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}

function Entry({ entry: e, courseTitle }: { entry: AuditEntry; courseTitle?: string }) {
  const { t, i18n } = useTranslation('discussion');
  const id = useId();
  const when = new Date(e.at).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const action = t(`audit.actions.${e.action}`, { defaultValue: e.action });
  const by = e.by
    ? `${e.by}${e.byRole && e.byRole !== 'learner' ? ` (${t(`role.${e.byRole}`)})` : ''}`
    : e.byFormer
      ? t('formerLearner')
      : t('audit.system');
  const place = e.comment?.place;
  return (
    <article aria-labelledby={id} className="audit-entry">
      <h3 id={id}>
        {action}{' '}
        <span className="meta">
          · <time dateTime={String(e.at)}>{when}</time>
        </span>
      </h3>
      <dl>
        <dt>{t('audit.by')}</dt>
        <dd>{by}</dd>
        {e.target && (
          <>
            <dt>{e.comment ? t('audit.author') : t('audit.concerning')}</dt>
            <dd>{e.target.former ? t('formerLearner') : e.target.name}</dd>
          </>
        )}
        {place && (
          <>
            <dt>{t('audit.where')}</dt>
            <dd>
              <Link to={`/courses/${encodeURIComponent(place.course)}#discussion`}>{courseTitle ?? place.course}</Link>
              {` › ${place.module}`}
              {place.step !== 'all' && ` › ${place.step}`}
            </dd>
          </>
        )}
        {e.comment && (
          <>
            <dt>{t('audit.comment')}</dt>
            <dd>
              {e.comment.excerpt === null ? (
                <em>{t('deleted')}</em>
              ) : (
                <blockquote lang={e.comment.language ?? undefined}>
                  {e.comment.excerpt}
                  {e.comment.language && e.comment.language !== i18n.language && (
                    <span className="meta" lang={i18n.language}>
                      {' '}
                      ({languageName(e.comment.language, i18n.language)})
                    </span>
                  )}
                </blockquote>
              )}
            </dd>
          </>
        )}
        <dt>{t('audit.reason')}</dt>
        <dd>{e.reason === '-' ? <span className="meta">{t('audit.noReason')}</span> : e.reason}</dd>
      </dl>
      {e.action === 'mute' && e.targetUserId && <LiftMute userId={e.targetUserId} />}
    </article>
  );
}

/** Ends a mute before its time (the lifting is logged too); says so if it has already ended. */
function LiftMute({ userId }: { userId: string }) {
  const { t } = useTranslation('discussion');
  const { t: tc } = useTranslation();
  const [message, setMessage] = useState('');
  return (
    <p className="comment-actions">
      <button
        type="button"
        className="button-secondary"
        onClick={() =>
          void discussionApi.unmute(userId).then(
            () => setMessage(t('audit.unmuted')),
            (err: unknown) =>
              setMessage(
                err instanceof ApiError && err.code === 'not_found' ? t('audit.notMuted') : errorText(tc, err),
              ),
          )
        }
      >
        {t('audit.unmute')}
      </button>
      <span role="status">{message}</span>
    </p>
  );
}
