import type { Executor } from '../lib/db/index';
import { NotFound } from '../lib/errors';
import * as store from './store';

/** The course, or 404 with the reason the client translates. */
export async function requireCourse(db: Executor, courseId: string) {
  const course = await store.findCourse(db, courseId);
  if (!course)
    throw new NotFound(`There is no course "${courseId}". GET /api/courses lists the courses.`, {
      reason: 'course.not_found',
      course: courseId,
    });
  return course;
}

/**
 * The course and some of its published releases (and all of them), or 404 naming the ones there are;
 * `release` is the first asked for.
 */
export async function requireRelease(db: Executor, courseId: string, releaseId: string, ...more: string[]) {
  const course = await requireCourse(db, courseId);
  const releases = await store.listReleases(db, courseId);
  for (const id of [releaseId, ...more])
    if (!releases.some((r) => r.id === id))
      throw new NotFound(
        `Course "${courseId}" has no release "${id}". Its releases are: ${releases.map((r) => r.id).join(', ') || 'none yet'}.`,
        { reason: 'course.no_release', release: id },
      );
  return { course, release: releases.find((r) => r.id === releaseId)!, releases };
}
