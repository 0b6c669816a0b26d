import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Course, type Enrolled } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { EnrolmentPanel } from '../learning/EnrolmentPanel';
import { CourseImage } from '../catalog/CatalogPage';
import { CourseFacts, CourseOutcomes } from '../catalog/courseFacts';
import { Outline } from './Outline';

export function CoursePage() {
  const { course: courseId = '', release } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const { user, ready } = useAuth();
  const [version, setVersion] = useState(0);
  const state = useApi((signal) => api.course(courseId, lang, signal), [courseId, lang]);
  const progress = useApi(
    async (signal) => (user ? api.courseProgress(courseId, lang, signal) : null),
    [courseId, lang, user?.id, ready, version],
  );
  if (!ready || progress.status === 'loading') return <Status state={{ status: 'loading' }}>{() => null}</Status>;
  const mine = progress.status === 'ready' && progress.data?.enrolment ? (progress.data as Enrolled) : null;
  return (
    <Status state={state}>
      {(course) => (
        <CourseView
          course={course}
          // A learner stays on the edition they enrolled in, unless they open another one.
          releaseId={release ?? mine?.enrolment.releaseId ?? course.currentRelease}
          progress={mine}
          onChange={() => setVersion((v) => v + 1)}
        />
      )}
    </Status>
  );
}

interface ViewProps {
  course: Course;
  releaseId: string | null;
  progress: Enrolled | null;
  onChange: () => void;
}

function CourseView({ course, releaseId, progress, onChange }: ViewProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pickerId = useId();
  const heading = usePage(course.title, `course:${course.id}`);
  const release = course.releases.find((r) => r.id === releaseId);
  const previous = course.releases[course.releases.findIndex((r) => r.id === releaseId) - 1];
  return (
    <>
      <header className="course-hero">
        <div>
          <h1 ref={heading} tabIndex={-1} lang={course.locale}>
            {course.title}
          </h1>
          <p className="lead" lang={course.locale}>
            {course.summary}
          </p>
          <CourseFacts
            facts={{
              minutes: course.minutes,
              modules: course.modules,
              fullLocales: course.fullLocales,
              licence: course.licence,
              edition: release?.title,
              makers: course.makers,
            }}
          />
        </div>
        <CourseImage courseId={course.id} image={course.image} className="course-hero-image" />
      </header>
      {course.outcomes && <CourseOutcomes outcomes={course.outcomes} headingLevel={2} />}
      {course.releases.length === 0 || !release ? (
        <p role="alert">{releaseId ? t('course.noSuchRelease', { release: releaseId }) : t('course.noReleases')}</p>
      ) : (
        <>
          <EnrolmentPanel course={course} releaseId={release.id} progress={progress} onChange={onChange} />
          <div className="release-picker">
            <label htmlFor={pickerId}>{t('course.release')}</label>
            <select
              id={pickerId}
              value={release.id}
              onChange={(e) => void navigate(`/courses/${course.id}/releases/${e.target.value}`)}
            >
              {course.releases.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id === course.currentRelease ? t('course.currentRelease', { title: r.title }) : r.title}
                </option>
              ))}
            </select>
          </div>
          {release.notesHtml && (
            <details className="release-notes">
              <summary>{t('course.releaseNotes', { title: release.title })}</summary>
              <div dangerouslySetInnerHTML={{ __html: release.notesHtml }} />
            </details>
          )}
          {previous && (
            <p>
              <Link to={`/courses/${course.id}/compare?from=${previous.id}&to=${release.id}`}>
                {t('compare.link', { from: previous.title, to: release.title })}
              </Link>
            </p>
          )}
          <Outline
            courseId={course.id}
            releaseId={release.id}
            progress={progress?.enrolment.releaseId === release.id ? progress : null}
          />
        </>
      )}
      <p>
        <Link to="/">{t('nav.backToCourses')}</Link>
      </p>
    </>
  );
}
