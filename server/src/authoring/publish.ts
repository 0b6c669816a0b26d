import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { isLoaded, loadCourse } from '../content/course-loader';
import type { Db } from '../lib/db/index';
import { Conflict, Invalid } from '../lib/errors';
import { importCourse } from '../releases/service';
import { checkLocaleKeys, loadDraft } from './draft';
import { writeCourseYaml, writeDraftModules, writeExtras, writeRelease } from './export';
import type { TPublish } from './schema';

/**
 * Publishes the browser draft as a new release through the same path as the files: the course is
 * written in the `courses/` layout to a temporary folder (published releases, the draft, and the new
 * release as a copy of the draft with its release.yaml), then read by the loader and its checks and
 * stored by importCourse. A draft with errors is refused with every problem, file and line.
 */
export async function publishDraft(db: Db, courseId: string, input: TPublish) {
  const draft = await loadDraft(db, courseId);
  const { defaultLocale, locales } = draft.course;
  for (const [key, map] of [
    ['notes', input.notes],
    ['title', input.title],
  ] as const)
    checkLocaleKeys(key, map, locales);
  if (!input.notes[defaultLocale]?.trim())
    throw new Invalid(
      `notes.${defaultLocale}: write release notes in ${defaultLocale}, the course's source language.`,
      {
        reason: 'authoring.notes_missing',
        locale: defaultLocale,
      },
    );

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-publish-'));
  try {
    const courseDir = path.join(tmp, courseId);
    const published = await writeCourseYaml(db, courseId, courseDir, { fromDraft: draft, extraRelease: input.release });
    if (published.includes(input.release))
      throw new Conflict(
        `Release "${input.release}" is already published, and releases never change: choose a new id.`,
        { reason: 'authoring.release_exists', release: input.release },
      );
    for (const id of published) await writeRelease(db, courseId, id, courseDir);
    await writeDraftModules(db, draft, path.join(courseDir, 'modules'));
    const releaseDir = path.join(courseDir, 'releases', input.release);
    await writeDraftModules(db, draft, path.join(releaseDir, 'modules'));
    writeExtras(draft.extras, courseDir);
    writeExtras(draft.extras, releaseDir);
    const nonEmpty = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v.trim()));
    fs.writeFileSync(
      path.join(releaseDir, 'release.yaml'),
      stringify({
        id: input.release,
        date: input.date ?? new Date().toISOString().slice(0, 10),
        title: nonEmpty(input.title),
        notes: nonEmpty(input.notes),
      }),
    );

    const course = loadCourse(courseDir, courseDir);
    const problems = course.problems.filter(
      (p) => p.severity === 'error' && !p.file.startsWith(`releases/${input.release}/`),
    );
    if (!isLoaded(course) || problems.length || course.problems.some((p) => p.severity === 'error')) {
      const shown = problems.length ? problems : course.problems;
      throw new Invalid(
        `The draft has ${shown.length} error(s); fix them before publishing: ` +
          shown
            .slice(0, 5)
            .map((p) => `${p.file}:${p.line}: ${p.message}`)
            .join('; '),
        { reason: 'authoring.draft_has_errors', count: shown.length, problems: shown },
      );
    }
    const outcomes = await importCourse(db, course);
    return { release: input.release, outcomes };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
