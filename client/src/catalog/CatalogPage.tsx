import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { CourseFacts, CourseOutcomes } from './courseFacts';

export function CatalogPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi((signal) => api.catalog(lang, signal), [lang]);
  const heading = usePage(t('catalog.title'), 'catalog');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('catalog.title')}
      </h1>
      <p className="lead">{t('catalog.intro')}</p>
      <Status state={state}>
        {({ courses }) =>
          courses.length === 0 ? (
            <p>{t('catalog.empty')}</p>
          ) : (
            <ul className="course-grid">
              {courses.map((c) => (
                <li key={c.id} className="card course-card">
                  <CourseImage courseId={c.id} image={c.image} decorative />
                  <div className="course-card-body">
                    <h2 lang={c.locale}>
                      <Link to={`/courses/${c.id}`}>{c.title}</Link>
                    </h2>
                    <p lang={c.locale}>{c.summary}</p>
                    <CourseFacts
                      facts={{
                        minutes: c.minutes,
                        modules: c.modules,
                        fullLocales: c.fullLocales,
                        licence: c.licence,
                        edition: c.currentReleaseTitle,
                        makers: c.makers,
                      }}
                    />
                    {c.outcomes && <CourseOutcomes outcomes={c.outcomes} limit={3} />}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </>
  );
}

/**
 * The course's picture from course.yaml, or a pattern made from its id when it names none. On the card it
 * is decorative (the title beside it names the course); the course page gives its text alternative.
 */
export function CourseImage({
  courseId,
  image,
  decorative = false,
  className = 'course-card-image',
}: {
  courseId: string;
  image: { url: string; alt: string; altLocale: string } | null;
  decorative?: boolean;
  className?: string;
}) {
  if (image)
    return (
      <img
        className={className}
        src={image.url}
        alt={decorative ? '' : image.alt}
        lang={decorative ? undefined : image.altLocale}
        width={640}
        height={360}
      />
    );
  return (
    <svg className={className} viewBox="0 0 320 180" aria-hidden>
      <CoursePattern seed={courseId} />
    </svg>
  );
}

function CoursePattern({ seed }: { seed: string }) {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return (
    <>
      <rect width="320" height="180" fill={`hsl(${h} 45% 88%)`} />
      <circle cx="250" cy="40" r="70" fill={`hsl(${(h + 40) % 360} 50% 75%)`} />
      <circle cx="80" cy="160" r="90" fill={`hsl(${(h + 200) % 360} 40% 70%)`} />
    </>
  );
}
