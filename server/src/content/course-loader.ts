import fs from 'node:fs';
import path from 'node:path';
import { checkCourse } from './checks';
import { loadGlossary, loadResources } from './extras';
import { sha256 } from './hash';
import { loadModules, MEDIA_TYPES } from './module-loader';
import { ZCourseYaml, ZReleaseYaml } from './schema';
import type { CourseMeta, FileProblem, LoadedAsset, LoadedCourse, LoadedRelease } from './types';
import { lineOfYamlPath, parseYaml } from './yaml';

/** Course folders under a courses directory (each holds a course.yaml). */
export function listCourseDirs(coursesDir: string): string[] {
  if (!fs.existsSync(coursesDir)) return [];
  return fs
    .readdirSync(coursesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(coursesDir, e.name, 'course.yaml')))
    .map((e) => path.join(coursesDir, e.name))
    .sort();
}

/** Reads a course folder completely: metadata, draft modules and every release, with all problems found. */
export function loadCourse(
  dir: string,
  relativeTo: string = process.cwd(),
): LoadedCourse | { problems: FileProblem[] } {
  const rel = (p: string) => path.relative(relativeTo, p) || '.';
  const problems: FileProblem[] = [];
  const courseFile = path.join(dir, 'course.yaml');
  if (!fs.existsSync(courseFile))
    return { problems: [{ file: rel(courseFile), line: 1, severity: 'error', message: 'course.yaml is missing' }] };
  const parsed = parseYaml(fs.readFileSync(courseFile, 'utf8'), ZCourseYaml, rel(courseFile));
  problems.push(...parsed.problems);
  if (!parsed.value) return { problems };
  const meta: CourseMeta = parsed.value;
  if (path.basename(dir) !== meta.id)
    problems.push({
      file: rel(courseFile),
      line: 1,
      severity: 'error',
      message: `id "${meta.id}" must match the folder name "${path.basename(dir)}"`,
    });

  const image = loadCourseImage(dir, meta, rel(courseFile), problems);
  const draft = loadModules(path.join(dir, 'modules'), rel, problems);
  const draftResources = loadResources(path.join(dir, 'resources'), rel, problems);
  const draftGlossary = loadGlossary(path.join(dir, 'glossary'), rel, problems);
  checkCourse(meta, { modules: draft, resources: draftResources, glossary: draftGlossary }, problems);

  const releases: LoadedRelease[] = [];
  const releasesDir = path.join(dir, 'releases');
  const folders = fs.existsSync(releasesDir) ? fs.readdirSync(releasesDir).sort() : [];
  for (const folder of folders)
    if (!meta.releases.includes(folder))
      problems.push({
        file: rel(path.join(releasesDir, folder)),
        line: 1,
        severity: 'error',
        message: `release folder is not listed under "releases" in course.yaml: add it there or remove the folder`,
      });
  for (const releaseId of meta.releases) {
    const releaseDir = path.join(releasesDir, releaseId);
    const releaseFile = path.join(releaseDir, 'release.yaml');
    if (!fs.existsSync(releaseFile)) {
      problems.push({
        file: rel(releaseFile),
        line: 1,
        severity: 'error',
        message: `release "${releaseId}" is listed in course.yaml but has no release.yaml`,
      });
      continue;
    }
    const releaseYaml = parseYaml(fs.readFileSync(releaseFile, 'utf8'), ZReleaseYaml, rel(releaseFile));
    problems.push(...releaseYaml.problems);
    if (!releaseYaml.value) continue;
    if (releaseYaml.value.id !== releaseId)
      problems.push({
        file: rel(releaseFile),
        line: 1,
        severity: 'error',
        message: `id must be "${releaseId}", its folder name`,
      });
    const modules = loadModules(path.join(releaseDir, 'modules'), rel, problems);
    if (modules.length === 0)
      problems.push({ file: rel(releaseDir), line: 1, severity: 'error', message: 'release has no modules' });
    const resources = loadResources(path.join(releaseDir, 'resources'), rel, problems);
    const glossary = loadGlossary(path.join(releaseDir, 'glossary'), rel, problems);
    checkCourse(meta, { modules, resources, glossary }, problems);
    releases.push({
      meta: releaseYaml.value,
      modules,
      ...(resources.length ? { resources } : {}),
      ...(glossary.length ? { glossary } : {}),
    });
  }
  const course: LoadedCourse = {
    dir: rel(dir),
    meta,
    draft,
    draftResources,
    draftGlossary,
    releases,
    ...(image ? { image } : {}),
    problems,
  };
  return course;
}

/** Reads the picture named by `image.file`; a missing file is an error on the line that names it. */
function loadCourseImage(
  dir: string,
  meta: CourseMeta,
  courseFile: string,
  problems: FileProblem[],
): (LoadedAsset & { alt: Record<string, string> }) | undefined {
  if (!meta.image) return undefined;
  const full = path.join(dir, meta.image.file);
  if (!fs.existsSync(full)) {
    problems.push({
      file: courseFile,
      line: lineOfYamlPath(fs.readFileSync(path.join(dir, 'course.yaml'), 'utf8'), ['image', 'file']),
      severity: 'error',
      message: `"image.file" names ${meta.image.file}, which is not in the course folder`,
    });
    return undefined;
  }
  const content = fs.readFileSync(full);
  const mediaType = MEDIA_TYPES[path.extname(full).toLowerCase()];
  return { fileName: meta.image.file, hash: sha256(content), mediaType, content, alt: meta.image.alt };
}

export const isLoaded = (c: LoadedCourse | { problems: FileProblem[] }): c is LoadedCourse => 'meta' in c;
