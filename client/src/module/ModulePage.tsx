import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, type Module, type StepPage as StepData } from '../api/client';
import { useApi } from '../api/useApi';
import { recordGuestVisit } from '../app/progress';
import { useAuth } from '../auth/AuthContext';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { ModuleOutline } from './ModuleOutline';
import { Quiz } from './Quiz';
import { Reflection } from './Reflection';
import { Discussion } from '../discussion/Discussion';
import { currentPlace, goToPlace, restoreReadingPlace } from './readingPlace';
import { useSavedPlace } from './useSavedPlace';
import { useReflections } from './useReflections';

export function ModulePage() {
  const { course = '', release = '', module = '' } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const [params] = useSearchParams();
  const state = useApi((signal) => api.module(course, release, module, lang, signal), [course, release, module, lang]);
  return (
    <Status state={state}>
      {(data) => {
        // A module written in steps opens at the step of the saved place, or at its first step.
        if (data.steps.length > 1 || data.steps[0]?.id !== 'all') {
          const [step, section] = splitPlace(params.get('at'));
          const target = data.steps.find((s) => s.id === step)?.id ?? data.steps[0].id;
          const at = section ? `?at=${encodeURIComponent(section)}` : '';
          return (
            <Navigate replace to={`/courses/${course}/releases/${release}/modules/${module}/steps/${target}${at}`} />
          );
        }
        return <ModuleView module={data} lang={lang} />;
      }}
    </Status>
  );
}

/** A place in a module written in steps is `<step>__<section>`: the step, then the section in it. */
export function splitPlace(place: string | null): [string | undefined, string | undefined] {
  const m = /^([a-z0-9-]+)__(.*)$/.exec(place ?? '');
  return m ? [m[1], m[2]] : [undefined, place ?? undefined];
}

export function StepPage() {
  const { course = '', release = '', module = '', step = '' } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi(
    (signal) => api.step(course, release, module, step, lang, signal),
    [course, release, module, step, lang],
  );
  return (
    <Status state={state}>
      {(data) => (
        <ModuleView
          module={{ ...data, html: data.step.html, steps: [] } as unknown as Module}
          step={data.step}
          lang={lang}
        />
      )}
    </Status>
  );
}

interface Slots {
  quizzes: { el: HTMLElement; id: string }[];
  reflections: { el: HTMLElement; id: string }[];
  labels: { el: HTMLElement; kind: string }[];
  /** `::: discuss` prompts: the first opens the discussion under the text. */
  prompts: string[];
}

function ModuleView({ module, lang, step }: { module: Module; lang: string; step?: StepData['step'] }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const at = params.get('at');
  // Opened at a saved place: the place takes focus and scroll, not the heading at the top.
  const heading = usePage(
    step ? `${step.title} · ${module.title}` : module.title,
    `${module.courseId}/${module.releaseId}/${module.id}${step ? `/${step.id}` : ''}`,
    { focus: !at },
  );
  const stepBase = `/courses/${module.courseId}/releases/${module.releaseId}/modules/${module.id}/steps`;
  const content = useRef<HTMLDivElement>(null);
  const [slots, setSlots] = useState<Slots>({ quizzes: [], reflections: [], labels: [], prompts: [] });
  const base = `/courses/${module.courseId}/releases/${module.releaseId}`;

  const { user, ready, publicUrl } = useAuth();
  const article = useRef<HTMLElement>(null);
  const where = useCallback(() => (step ? `${step.id}__${currentPlace()}` : currentPlace()), [step]);
  useSavedPlace(Boolean(user), module, where);
  const reflections = useReflections(user ? module : null);
  useEffect(() => {
    if (!ready) return;
    // A guest's visits stay in this browser; a learner's reading is recorded as xAPI statements.
    if (!user) return recordGuestVisit(module.courseId, module.releaseId, module.id);
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import('../xapi/tracker')
      .then((tracker) =>
        tracker.trackModule(
          {
            publicUrl,
            userId: user.id,
            course: module.courseId,
            release: module.releaseId,
            module: module.id,
            language: module.locale,
          },
          article.current!,
          step ? { id: step.id, position: step.position, count: step.count } : undefined,
        ),
      )
      .then((cleanup) => (cancelled ? cleanup() : (stop = cleanup)));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [ready, user, publicUrl, module.courseId, module.releaseId, module.id, module.locale, step]);

  // The server renders Markdown to HTML with empty slots; interactive parts are mounted into them.
  useLayoutEffect(() => {
    const root = content.current;
    if (!root) return;
    // Wide tables scroll inside a box that takes keyboard focus and is named for screen readers.
    root.querySelectorAll('table').forEach((table, i) => {
      if (table.parentElement?.classList.contains('table-scroll')) return;
      const box = document.createElement('div');
      box.className = 'table-scroll';
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', table.caption?.textContent?.trim() || i18next.t('module.table', { n: i + 1 }));
      table.replaceWith(box);
      box.append(table);
    });
    // A template links its editable document; its printable PDF gets a visible link beside it.
    root.querySelectorAll<HTMLAnchorElement>('a.resource-link[data-pdf]').forEach((docx) => {
      if (docx.nextElementSibling?.classList.contains('resource-pdf')) return;
      const pdf = document.createElement('a');
      pdf.className = 'resource-pdf';
      pdf.href = docx.dataset.pdf!;
      pdf.setAttribute('download', '');
      pdf.textContent = i18next.t('module.resourcePdf');
      pdf.setAttribute('aria-label', i18next.t('module.resourcePdfName', { title: docx.textContent?.trim() }));
      docx.after(' (', pdf, ')');
    });
    const all = <T,>(selector: string, map: (el: HTMLElement) => T) =>
      Array.from(root.querySelectorAll<HTMLElement>(selector)).map(map);
    setSlots({
      quizzes: all('[data-quiz]', (el) => ({ el, id: el.dataset.quiz ?? '' })),
      reflections: all('[data-reflection]', (el) => ({ el, id: el.dataset.reflection ?? '' })),
      labels: all('.box-kind', (el) => ({ el, kind: el.dataset.kind ?? '' })),
      prompts: all('[data-discuss] .box-body', (el) => el.innerHTML),
    });
    if (!restoreReadingPlace()) goToPlace(at);
  }, [module.contentHash, step?.id, at]);

  return (
    <div className="module-layout">
      <ModuleOutline courseId={module.courseId} releaseId={module.releaseId} current={module.id} />
      <article className="module" lang={module.locale} ref={article}>
        <p className="meta">
          <Link to={base} lang={lang}>
            {t('module.backToCourse')}
          </Link>{' '}
          · <span lang={lang}>{t('module.position', { position: module.position, count: module.count })}</span>
          {step && (
            <>
              {' '}
              · <span lang={lang}>{t('module.stepPosition', { position: step.position, count: step.count })}</span>
            </>
          )}
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {module.title}
        </h1>
        {module.fallback && (
          <p className="notice" role="note" lang={lang}>
            {t('module.fallback')}
          </p>
        )}
        <p className="meta" lang={lang}>
          {step && <span className={`step-kind step-kind-${step.kind}`}>{t(`step.${step.kind}`)} · </span>}
          {t('course.minutes', { count: step ? step.minutes : module.minutes })}
          {' · '}
          <Link to={`${base}/glossary`}>{t('glossary.title')}</Link>
        </p>
        {(!step || step.position === 1) && (
          <section className="objectives" aria-labelledby="objectives-heading">
            <h2 id="objectives-heading" lang={lang}>
              {t('module.objectives')}
            </h2>
            <ul>
              {module.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
        )}
        <div
          key={`${module.contentHash}/${step?.id ?? ''}`}
          ref={content}
          className="module-content"
          dangerouslySetInnerHTML={{ __html: module.html }}
        />
        {slots.labels.map((s, i) => createPortal(<span lang={lang}>{t(`box.${s.kind}`)}</span>, s.el, `label-${i}`))}
        {slots.quizzes.map((s) => {
          const quiz = module.quizzes.find((q) => q.id === s.id);
          return quiz ? createPortal(<Quiz module={module} quiz={quiz} lang={lang} />, s.el, `quiz-${s.id}`) : null;
        })}
        {slots.reflections.map((s) =>
          createPortal(
            <Reflection key={s.id} id={s.id} module={module} store={reflections} lang={lang} />,
            s.el,
            `reflection-${s.id}`,
          ),
        )}
        <Discussion
          course={module.courseId}
          module={module.id}
          step={step?.id ?? 'all'}
          promptHtml={slots.prompts[0]}
        />
        {step && (
          <nav className="pager step-pager" aria-label={t('module.stepPager')} lang={lang}>
            {step.previous ? (
              <Link to={`${stepBase}/${step.previous.id}`} rel="prev">
                <span aria-hidden="true">← </span>
                {t('module.previousStep')}: {step.previous.title}
              </Link>
            ) : (
              <span />
            )}
            {step.next ? (
              <Link to={`${stepBase}/${step.next.id}`} rel="next">
                {t('module.nextStep')}: {step.next.title}
                <span aria-hidden="true"> →</span>
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
        {(!step || !step.next) && (
          <nav className="pager" aria-label={t('module.pager')} lang={lang}>
            {module.previous ? (
              <Link to={`${base}/modules/${module.previous.id}`} rel="prev">
                <span aria-hidden="true">← </span>
                {t('module.previous')}: {module.previous.title}
              </Link>
            ) : (
              <span />
            )}
            {module.next ? (
              <Link to={`${base}/modules/${module.next.id}`} rel="next">
                {t('module.next')}: {module.next.title}
                <span aria-hidden="true"> →</span>
              </Link>
            ) : (
              <Link to={base}>{t('module.finished')}</Link>
            )}
          </nav>
        )}
      </article>
    </div>
  );
}
