import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Enrolled } from '../api/client';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthContext';
import { useModuleStatuses } from '../course/useModuleStatuses';
import { moduleUrl } from '../learning/links';

/**
 * The course's modules beside the text: each module's status and the learner's progress.
 * On wide screens it stands beside the text; on phones it opens as a drawer from a button.
 */
export function ModuleOutline({
  courseId,
  releaseId,
  current,
}: {
  courseId: string;
  releaseId: string;
  current: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const outline = useApi((signal) => api.outline(courseId, releaseId, lang, signal), [courseId, releaseId, lang]);
  const progress = useApi(
    async (signal) => (user ? api.courseProgress(courseId, lang, signal) : null),
    [courseId, lang, user?.id],
  );
  const mine =
    progress.status === 'ready' && progress.data && 'modules' in progress.data ? (progress.data as Enrolled) : null;
  const enrolled = mine?.enrolment.releaseId === releaseId ? mine : null;
  const { statusOf } = useModuleStatuses(courseId, releaseId, enrolled);
  // The drawer closes when another module is opened.
  useEffect(() => setOpen(false), [current]);
  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    // Escape closes the drawer wherever the focus is, and gives focus back to its button.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const modules = outline.status === 'ready' ? outline.data.modules : [];
  const done = modules.filter((m) => statusOf(m.id) === 'completed').length;
  return (
    <aside className={open ? 'module-aside open' : 'module-aside'} aria-label={t('course.outline')}>
      {/* Rendered before the outline arrives, so the text below does not move when it does. */}
      <button
        ref={toggle}
        type="button"
        className="button-secondary drawer-toggle"
        aria-expanded={open}
        aria-controls="module-outline"
        onClick={() => setOpen((o) => !o)}
      >
        {t('module.outlineButton', { done, count: modules.length })}
      </button>
      <div id="module-outline" className="module-outline" ref={panel} tabIndex={-1}>
        <div className="drawer-head">
          <p className="module-outline-title">
            <Link to={`/courses/${courseId}/releases/${releaseId}`}>
              {outline.status === 'ready' ? outline.data.course.title : t('course.outline')}
            </Link>
          </p>
          <button type="button" className="button-quiet drawer-close" onClick={close}>
            {t('module.closeOutline')}
          </button>
        </div>
        <p className="meta">{t('learning.modulesDone', { done, count: modules.length })}</p>
        <progress className="outline-progress" max={modules.length} value={done} aria-hidden="true" />
        <ol className="outline-list">
          {modules.map((m) => {
            const status = statusOf(m.id);
            return (
              <li key={m.id} className={`outline-item status-${status}`}>
                <Link
                  to={moduleUrl(courseId, releaseId, m.id)}
                  aria-current={m.id === current ? 'page' : undefined}
                  lang={m.titleLocale}
                >
                  {m.title}
                </Link>
                <span className={`badge badge-${status}`}>{t(`course.status.${status}`)}</span>
              </li>
            );
          })}
        </ol>
      </div>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={close} />}
    </aside>
  );
}
