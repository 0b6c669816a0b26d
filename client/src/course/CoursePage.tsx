import { useId } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Course } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { Outline } from './Outline';

export function CoursePage() {
  const { course: courseId = '', release } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const state = useApi((signal) => api.course(courseId, lang, signal), [courseId, lang]);
  return (
    <Status state={state}>
      {(course) => <CourseView course={course} releaseId={release ?? course.currentRelease} />}
    </Status>
  );
}

function CourseView({ course, releaseId }: { course: Course; releaseId: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pickerId = useId();
  const heading = usePage(course.title, `course:${course.id}`);
  const release = course.releases.find((r) => r.id === releaseId);
  return (
    <>
      <h1 ref={heading} tabIndex={-1} lang={course.locale}>
        {course.title}
      </h1>
      <p className="lead" lang={course.locale}>
        {course.summary}
      </p>
      {course.releases.length === 0 || !release ? (
        <p role="alert">{releaseId ? t('course.noSuchRelease', { release: releaseId }) : t('course.noReleases')}</p>
      ) : (
        <>
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
          <Outline courseId={course.id} releaseId={release.id} />
        </>
      )}
      <p className="meta">{t('course.licence', { licence: course.licence })}</p>
      <p>
        <Link to="/">{t('nav.backToCourses')}</Link>
      </p>
    </>
  );
}
