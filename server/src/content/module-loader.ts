import fs from 'node:fs';
import path from 'node:path';
import { sha256 } from './hash';
import { parseModuleText } from './module-text';
import { LOCALE, ZTitlesYaml } from './schema';
import type { FileProblem, LoadedAsset, LoadedModule, LoadedModuleLocale } from './types';

export { splitFrontMatter } from '../lib/markdown/front-matter';
import { parseYaml } from './yaml';

export const MODULE_DIR = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
export const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

export { assetUrl } from './module-text';

/** Loads every module folder under `modulesDir`, in order; problems name the file and line. */
export function loadModules(modulesDir: string, rel: (p: string) => string, problems: FileProblem[]): LoadedModule[] {
  if (!fs.existsSync(modulesDir)) return [];
  const modules: LoadedModule[] = [];
  for (const entry of fs
    .readdirSync(modulesDir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(modulesDir, entry.name);
    const match = MODULE_DIR.exec(entry.name);
    if (!entry.isDirectory() || !match) {
      problems.push({
        file: rel(dir),
        line: 1,
        severity: 'error',
        message: 'module folders are named NN-slug, e.g. 01-why-codesign; move or rename this entry',
      });
      continue;
    }
    const loaded = loadModule(dir, Number(match[1]), match[2], rel, problems);
    if (loaded) modules.push(loaded);
  }
  return modules;
}

function loadModule(
  dir: string,
  position: number,
  slug: string,
  rel: (p: string) => string,
  problems: FileProblem[],
): LoadedModule | undefined {
  const files = fs.readdirSync(dir).sort();
  const assets: LoadedAsset[] = [];
  const localeFiles: string[] = [];
  let titles: Record<string, string> = {};
  for (const name of files) {
    const full = path.join(dir, name);
    const ext = path.extname(name).toLowerCase();
    if (name.endsWith('.md') && LOCALE.test(name.slice(0, -3))) localeFiles.push(name);
    else if (name === 'titles.yaml') {
      const parsed = parseYaml(fs.readFileSync(full, 'utf8'), ZTitlesYaml, rel(full));
      problems.push(...parsed.problems);
      titles = parsed.value ?? {};
    } else if (MEDIA_TYPES[ext]) {
      const content = fs.readFileSync(full);
      assets.push({ fileName: name, hash: sha256(content), mediaType: MEDIA_TYPES[ext], content });
    } else {
      problems.push({
        file: rel(full),
        line: 1,
        severity: 'warning',
        message: 'not used: modules hold <locale>.md, titles.yaml and images (png, jpg, webp, gif, svg)',
      });
    }
  }

  const locales = localeFiles
    .map((name) => {
      const file = path.join(dir, name);
      return parseModuleText(fs.readFileSync(file, 'utf8'), name.slice(0, -3), rel(file), assets, problems);
    })
    .filter((l): l is LoadedModuleLocale => l !== undefined);
  if (locales.length === 0) {
    problems.push({ file: rel(dir), line: 1, severity: 'error', message: 'module folder has no <locale>.md file' });
    return undefined;
  }
  const id = locales[0].frontMatter.id;
  for (const l of locales.slice(1))
    if (l.frontMatter.id !== id)
      problems.push({
        file: l.file,
        line: 2,
        severity: 'error',
        message: `id "${l.frontMatter.id}" differs from "${id}" in ${locales[0].locale}.md: a module keeps one id in every locale`,
      });
  for (const l of locales) titles[l.locale] = l.frontMatter.title;
  return { dir: rel(dir), slug, position, id, titles, locales, assets };
}
