import { seedDraftIfMissing } from './sync';
import { isLoaded, listCourseDirs, loadCourse } from '../content/course-loader';
import type { FileProblem } from '../content/types';
import type { Db } from '../lib/db/index';
import { AppError } from '../lib/errors';
import { importCourse, type ImportOutcome, type ImportProgress } from '../releases/service';

export interface DirectoryImportResult {
  courseDir: string;
  courseId?: string;
  outcomes: ImportOutcome[];
  problems: FileProblem[];
  error?: string;
}

/** Loads and imports every course folder; a course that fails is reported and leaves the others untouched. */
export async function importCoursesFromDirectory(
  db: Db,
  coursesDir: string,
  options: { only?: string; onProgress?: (course: string, p: ImportProgress) => void } = {},
): Promise<DirectoryImportResult[]> {
  const results: DirectoryImportResult[] = [];
  for (const dir of listCourseDirs(coursesDir)) {
    if (options.only && !dir.endsWith(`/${options.only}`)) continue;
    const course = loadCourse(dir);
    if (!isLoaded(course)) {
      results.push({ courseDir: dir, outcomes: [], problems: course.problems, error: 'course.yaml could not be read' });
      continue;
    }
    try {
      const outcomes = await importCourse(db, course, (p) => options.onProgress?.(course.meta.id, p));
      // The first import also gives trainers a browser draft, made from the files' working draft.
      await seedDraftIfMissing(db, course);
      results.push({ courseDir: dir, courseId: course.meta.id, outcomes, problems: course.problems });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({
        courseDir: dir,
        courseId: course.meta.id,
        outcomes: [],
        problems: course.problems,
        error: err.message,
      });
    }
  }
  return results;
}
