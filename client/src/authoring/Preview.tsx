import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { parse } from 'yaml';
import { splitFrontMatter } from '../../../server/src/lib/markdown/front-matter';
import { renderMarkdown, type GlossaryTerm } from '../../../server/src/lib/markdown/render';

function titleOf(yaml: string | undefined): string {
  try {
    const fm = yaml ? (parse(yaml) as { title?: unknown } | null) : null;
    return typeof fm?.title === 'string' ? fm.title : '';
  } catch {
    return '';
  }
}

export interface PreviewImage {
  fileName: string;
  url: string;
}

/**
 * The module as learners will see it, rendered in the browser by the server's own renderer
 * (markdown-it with html: false: text written in a module can never become markup or script).
 */
/** The templates and glossary terms the draft's text can use (those of the latest release). */
export interface PreviewExtras {
  release: string | null;
  resources: string[];
  glossary: Record<string, GlossaryTerm[]>;
}

export function Preview({
  source,
  images,
  lang,
  course,
  extras,
  defaultLocale,
}: {
  source: string;
  images: PreviewImage[];
  lang: string;
  course: string;
  extras: PreviewExtras;
  defaultLocale: string;
}) {
  const { t } = useTranslation();
  const rendered = useMemo(() => {
    const split = splitFrontMatter(source);
    const title = titleOf(split?.yaml);
    const base = `/api/courses/${course}/releases/${extras.release}/resources`;
    const query = `?lang=${encodeURIComponent(lang)}`;
    const result = renderMarkdown(split?.body ?? source, {
      resolveFile: (name) => images.find((i) => i.fileName === name)?.url,
      resolveResource: (id) =>
        extras.release && extras.resources.includes(id)
          ? { docx: `${base}/${id}.docx${query}`, pdf: `${base}/${id}.pdf${query}` }
          : undefined,
      glossary: extras.glossary[lang] ?? extras.glossary[defaultLocale] ?? [],
    });
    return { title, ...result };
  }, [source, images, course, extras, lang, defaultLocale]);
  const content = useRef<HTMLDivElement>(null);
  const [slots, setSlots] = useState<{
    quizzes: { el: HTMLElement; id: string }[];
    labels: { el: HTMLElement; kind: string }[];
  }>({
    quizzes: [],
    labels: [],
  });
  useLayoutEffect(() => {
    const root = content.current;
    if (!root) return;
    setSlots({
      quizzes: Array.from(root.querySelectorAll<HTMLElement>('[data-quiz]')).map((el) => ({
        el,
        id: el.dataset.quiz ?? '',
      })),
      labels: Array.from(root.querySelectorAll<HTMLElement>('.box-kind')).map((el) => ({
        el,
        kind: el.dataset.kind ?? '',
      })),
    });
  }, [rendered.html]);

  return (
    <div className="preview module" lang={lang}>
      <p className="preview-title">{rendered.title}</p>
      <div ref={content} className="module-content" dangerouslySetInnerHTML={{ __html: rendered.html }} />
      {slots.labels.map((s, i) => createPortal(<span>{t(`box.${s.kind}`)}</span>, s.el, `label-${i}`))}
      {slots.quizzes.map((s, i) => {
        const quiz = rendered.quizzes.find((q) => q.id === s.id);
        if (!quiz) return null;
        return createPortal(
          <ol className="preview-quiz">
            {quiz.questions.map((q, qi) => (
              <li key={qi}>
                <span dangerouslySetInnerHTML={{ __html: q.prompt }} />
                <ul>
                  {q.options.map((o, oi) => (
                    <li key={oi} className={o.correct ? 'feedback-right' : undefined}>
                      {o.correct ? '✓ ' : '✗ '}
                      <span dangerouslySetInnerHTML={{ __html: o.text }} /> —{' '}
                      <em dangerouslySetInnerHTML={{ __html: o.feedback }} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>,
          s.el,
          `quiz-${i}`,
        );
      })}
    </div>
  );
}
