import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { errorText } from '../app/errorText';
import { UI_LANGUAGES } from '../i18n';
import { discussionApi, type Comment, type CommentList, type ListOptions } from './api';
import { useNewComments } from './useNewComments';

type Sort = ListOptions['sort'];
type Filter = ListOptions['filter'];
type Presented = CommentList['comments'][number];
const REASONS = ['spam', 'abuse', 'off-topic', 'personal-data', 'other'] as const;
const MODERATORS = ['trainer', 'staff', 'admin'];

/**
 * The conversation beside a step (the whole module while it is one step): comments with one level of
 * replies, in the readers' languages. New comments are announced politely to screen readers.
 */
export function Discussion({
  course,
  module,
  step = 'all',
  promptHtml,
}: {
  course: string;
  module: string;
  step?: string;
  /** The `::: discuss` question of the content, shown as the opening of the discussion. */
  promptHtml?: string;
}) {
  const { t, i18n } = useTranslation('discussion');
  const { t: tc } = useTranslation();
  const { user } = useAuth();
  const lang = i18n.language;
  const headingId = useId();
  const [sort, setSort] = useState<Sort>('newest');
  const [filter, setFilter] = useState<Filter>('all');
  const [onlyMine, setOnlyMine] = useState(false);
  const [data, setData] = useState<CommentList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const languages = onlyMine ? [lang] : [];
  const heading = useRef<HTMLHeadingElement>(null);
  const fresh = useNewComments(course, module, step, languages);

  const load = useCallback(
    async (after?: string) => {
      try {
        if (!after) await fresh.mark();
        const page = await discussionApi.list(course, module, { step, sort, filter, languages, after });
        setData((old) => (after && old ? { ...page, comments: [...old.comments, ...page.comments] } : page));
        setError(null);
        if (after) setAnnouncement(t('loadedMore', { count: page.comments.length }));
      } catch (err) {
        setError(errorText(tc, err));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [course, module, step, sort, filter, onlyMine, lang],
  );
  useEffect(() => void load(), [load]);

  const posted = (c: Comment, reply: boolean) => {
    setAnnouncement(reply ? t('replyPosted') : t('commentPosted'));
    void load();
    return c;
  };
  const others = data
    ? Object.entries(data.languages)
        .filter(([l]) => onlyMine && l !== lang)
        .reduce((n, [, count]) => n + count, 0)
    : 0;

  return (
    <section className="discussion" id="discussion" aria-labelledby={headingId} lang={lang}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('title')}
      </h2>
      {promptHtml && (
        <div className="discussion-prompt" role="note">
          <p className="discussion-prompt-label">{t('prompt')}</p>
          <div dangerouslySetInnerHTML={{ __html: promptHtml }} />
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {user ? (
        <CommentForm course={course} module={module} step={step} onPosted={(c) => posted(c, false)} />
      ) : (
        <p>
          <Link to="/sign-in">{t('signInToPost')}</Link>
        </p>
      )}
      <div className="discussion-controls">
        <label>
          {t('sort.label')}{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="newest">{t('sort.newest')}</option>
            <option value="oldest">{t('sort.oldest')}</option>
            <option value="liked">{t('sort.liked')}</option>
          </select>
        </label>
        {user && (
          <label>
            {t('filter.label')}{' '}
            <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
              <option value="all">{t('filter.all')}</option>
              <option value="mine">{t('filter.mine')}</option>
              <option value="replies-to-me">{t('filter.repliesToMe')}</option>
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />{' '}
          {t('onlyMyLanguage', { language: languageName(lang, lang) })}
        </label>
        {user && data && (
          <button
            type="button"
            aria-pressed={data.following}
            onClick={() =>
              void discussionApi
                .follow(course, module, step, !data.following)
                .then((f) => setData({ ...data, following: f.following }))
            }
          >
            {data.following ? t('following') : t('follow')}
          </button>
        )}
      </div>
      {onlyMine && others > 0 && (
        <p className="meta">
          {t('inOtherLanguages', { count: others })}{' '}
          {Object.entries(data!.languages)
            .filter(([l]) => l !== lang)
            .map(([l, n]) => `${languageName(l, lang)}: ${n}`)
            .join(', ')}
        </p>
      )}
      <div className="discussion-new" aria-live="polite">
        {fresh.count > 0 && (
          <button
            type="button"
            onClick={() =>
              void load().then(() => {
                setAnnouncement(t('newShown'));
                heading.current?.focus();
              })
            }
          >
            {t('newComments', { count: fresh.count })}
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      {data && data.comments.length === 0 && <p>{t('empty')}</p>}
      <ol className="comments">
        {data?.comments.map((c) => (
          <li key={c.id}>
            <CommentView comment={c} onChanged={() => void load()} />
            {c.replies.length > 0 && (
              <ol className="replies" aria-label={t('repliesTo', { count: c.replies.length })}>
                {c.replies.map((r) => (
                  <li key={r.id}>
                    <CommentView comment={r} onChanged={() => void load()} />
                  </li>
                ))}
              </ol>
            )}
            {user && !c.deleted && (
              <ReplyForm course={course} module={module} step={step} parent={c} onPosted={(r) => posted(r, true)} />
            )}
          </li>
        ))}
      </ol>
      {data?.next && (
        <button type="button" onClick={() => void load(data.next!)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}

export function languageName(code: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function CommentForm({
  course,
  module,
  step,
  parentId,
  onPosted,
  onCancel,
}: {
  course: string;
  module: string;
  step: string;
  parentId?: string;
  onPosted: (c: Comment) => void;
  onCancel?: () => void;
}) {
  const { t, i18n } = useTranslation('discussion');
  const { t: tc } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState(i18n.language);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const c = await discussionApi.post(course, module, step, { text, language, parentId });
      setText('');
      setError(null);
      onPosted(c);
    } catch (err) {
      setError(errorText(tc, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-text`}>{parentId ? t('yourReply') : t('yourComment')}</label>
      <textarea
        id={`${id}-text`}
        rows={parentId ? 2 : 3}
        maxLength={3000}
        required
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="meta">
        {t('formatHint')}
      </p>
      <div className="comment-form-row">
        <label>
          {t('writtenIn')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {languageName(l, l)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {parentId ? t('postReply') : t('post')}
        </button>
        {onCancel && (
          <button type="button" className="link-button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function ReplyForm(props: {
  course: string;
  module: string;
  step: string;
  parent: Presented;
  onPosted: (c: Comment) => void;
}) {
  const { t } = useTranslation('discussion');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('reply')}
      </button>
    );
  return (
    <CommentForm
      {...props}
      parentId={props.parent.id}
      onCancel={() => setOpen(false)}
      onPosted={(c) => {
        setOpen(false);
        props.onPosted(c);
      }}
    />
  );
}

function CommentView({ comment: c, onChanged }: { comment: Omit<Presented, 'replies'>; onChanged: () => void }) {
  const { t, i18n } = useTranslation('discussion');
  const { t: tc } = useTranslation();
  const { user } = useAuth();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(c.text ?? '');
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('spam');
  const [note, setNote] = useState<string | null>(null);
  const moderator = Boolean(user && MODERATORS.includes(user.role));
  const run = (action: () => Promise<unknown>, done?: string) =>
    void action().then(
      () => {
        if (done) setNote(done);
        onChanged();
      },
      (err: unknown) => setNote(errorText(tc, err)),
    );
  const author = c.author.former ? t('formerLearner') : c.author.name;
  const when = new Date(c.createdAt).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <article className={`comment${c.hidden ? ' comment-hidden' : ''}`} lang={c.language} aria-label={author ?? ''}>
      <header className="comment-head" lang={i18n.language}>
        <strong>{author}</strong>
        {c.author.role && <span className="badge">{t(`role.${c.author.role}`)}</span>}
        <span className="meta">
          {' · '}
          <time dateTime={String(c.createdAt)}>{when}</time>
          {c.edited && ` · ${t('edited')}`}
          {c.language !== i18n.language && ` · ${languageName(c.language, i18n.language)}`}
        </span>
        {c.pinned && <span className="badge">{t('pinned')}</span>}
        {c.helpful && <span className="badge badge-helpful">{t('helpful')}</span>}
        {c.hidden && <span className="badge badge-warning">{t('hiddenForReview')}</span>}
      </header>
      {c.deleted ? (
        <p className="meta" lang={i18n.language}>
          <em>{t('deleted')}</em>
        </p>
      ) : editing ? (
        <form
          lang={i18n.language}
          onSubmit={(e) => {
            e.preventDefault();
            run(() => discussionApi.edit(c.id, text).then(() => setEditing(false)));
          }}
        >
          <label>
            {t('editComment')}
            <textarea value={text} maxLength={3000} onChange={(e) => setText(e.target.value)} rows={3} />
          </label>
          <button type="submit">{t('save')}</button>{' '}
          <button type="button" className="link-button" onClick={() => setEditing(false)}>
            {t('cancel')}
          </button>
        </form>
      ) : (
        <div className="comment-body" dangerouslySetInnerHTML={{ __html: c.html ?? '' }} />
      )}
      {!c.deleted && (
        <div className="comment-actions" lang={i18n.language}>
          <button
            type="button"
            aria-pressed={c.liked}
            disabled={!user}
            onClick={() => run(() => discussionApi.like(c.id, !c.liked))}
          >
            {t('like')} <span aria-label={t('likes', { count: c.likes })}>({c.likes})</span>
          </button>
          {c.canEdit && !editing && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t('edit')}
            </button>
          )}
          {c.mine && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                if (window.confirm(t('confirmDelete'))) run(() => discussionApi.remove(c.id));
              }}
            >
              {t('delete')}
            </button>
          )}
          {moderator && (
            <>
              {!c.parentId && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => run(() => discussionApi.mark(c.id, 'pin', !c.pinned))}
                >
                  {c.pinned ? t('unpin') : t('pin')}
                </button>
              )}
              <button
                type="button"
                className="link-button"
                onClick={() => run(() => discussionApi.mark(c.id, 'helpful', !c.helpful))}
              >
                {c.helpful ? t('unmarkHelpful') : t('markHelpful')}
              </button>
            </>
          )}
          {user && !c.mine && !reporting && (
            <button type="button" className="link-button" onClick={() => setReporting(true)}>
              {t('report')}
            </button>
          )}
          {reporting && (
            <form
              className="report-form"
              onSubmit={(e) => {
                e.preventDefault();
                setReporting(false);
                run(() => discussionApi.report(c.id, reason), t('reported'));
              }}
            >
              <label>
                {t('reportReason')}{' '}
                <select value={reason} onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}>
                  {REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`reasons.${r}`)}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="submit">{t('sendReport')}</button>{' '}
              <button type="button" className="link-button" onClick={() => setReporting(false)}>
                {t('cancel')}
              </button>
            </form>
          )}
          {note && <span role="status">{note}</span>}
        </div>
      )}
    </article>
  );
}
