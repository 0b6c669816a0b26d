import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { splitFrontMatter } from '../lib/markdown/front-matter';
import { sha256 } from './hash';
import { LOCALE, SLUG } from './schema';
import type { FileProblem, LoadedGlossary, LoadedResource, LoadedResourceLocale } from './types';
import { parseYaml } from './yaml';

export const ZResourceFrontMatter = z
  .object({
    id: z.string().regex(SLUG, 'must use lowercase letters, digits and hyphens'),
    title: z.string().trim().min(1, 'must not be empty'),
    description: z.string().trim().min(1, 'must not be empty').optional(),
  })
  .strict();

export const ZGlossaryEntry = z
  .object({
    term: z.string().trim().min(1, 'must not be empty'),
    definition: z.string().trim().min(1, 'must not be empty'),
    aliases: z.array(z.string().trim().min(1, 'must not be empty')).default([]),
  })
  .strict();

export const ZGlossaryYaml = z.record(
  z.string().regex(SLUG, 'term ids use lowercase letters, digits and hyphens'),
  ZGlossaryEntry,
);

/** One locale of a resource from its text, as `resources/<id>/<locale>.md` holds it; undefined if unreadable. */
export function parseResourceText(
  id: string,
  locale: string,
  raw: string,
  file: string,
  problems: FileProblem[],
): LoadedResourceLocale | undefined {
  const split = splitFrontMatter(raw);
  if (!split) {
    problems.push({
      file,
      line: 1,
      severity: 'error',
      message: 'missing front matter: start with ---, id, title, description, ---',
    });
    return undefined;
  }
  const fm = parseYaml(split.yaml, ZResourceFrontMatter, file, 1);
  problems.push(...fm.problems);
  if (!fm.value) return undefined;
  if (fm.value.id !== id)
    problems.push({
      file,
      line: 2,
      severity: 'error',
      message: `id "${fm.value.id}" must be "${id}", its folder name`,
    });
  return {
    locale,
    file,
    raw,
    hash: sha256(raw),
    title: fm.value.title,
    description: fm.value.description ?? '',
    body: split.body,
  };
}

/** One locale of the glossary from its text, as `glossary/<locale>.yaml` holds it; undefined if unreadable. */
export function parseGlossaryText(
  locale: string,
  raw: string,
  file: string,
  problems: FileProblem[],
): LoadedGlossary | undefined {
  const parsed = parseYaml(raw, ZGlossaryYaml, file);
  problems.push(...parsed.problems);
  if (!parsed.value) return undefined;
  const lines = raw.split('\n');
  const lineOf = (id: string) => Math.max(1, lines.findIndex((l) => l.startsWith(`${id}:`)) + 1);
  return {
    locale,
    file,
    raw,
    hash: sha256(raw),
    terms: Object.entries(parsed.value).map(([id, e]) => ({ id, line: lineOf(id), ...e })),
  };
}

/** `resources/<id>/<locale>.md`: downloadable templates, one Markdown file per locale. */
export function loadResources(dir: string, rel: (p: string) => string, problems: FileProblem[]): LoadedResource[] {
  if (!fs.existsSync(dir)) return [];
  const resources: LoadedResource[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(dir, entry.name);
    if (!entry.isDirectory() || !SLUG.test(entry.name)) {
      problems.push({
        file: rel(folder),
        line: 1,
        severity: 'error',
        message:
          'resources live in folders named by their id (lowercase letters, digits, hyphens): resources/<id>/<locale>.md',
      });
      continue;
    }
    const resource: LoadedResource = { id: entry.name, locales: [] };
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      if (!name.endsWith('.md') || !LOCALE.test(name.slice(0, -3))) {
        problems.push({
          file: rel(file),
          line: 1,
          severity: 'warning',
          message: 'not used: a resource folder holds <locale>.md files',
        });
        continue;
      }
      const raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const locale = parseResourceText(entry.name, name.slice(0, -3), raw, rel(file), problems);
      if (locale) resource.locales.push(locale);
    }
    if (resource.locales.length) resources.push(resource);
  }
  return resources;
}

/** `glossary/<locale>.yaml`: a map of term id to term, definition and aliases. */
export function loadGlossary(dir: string, rel: (p: string) => string, problems: FileProblem[]): LoadedGlossary[] {
  if (!fs.existsSync(dir)) return [];
  const out: LoadedGlossary[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const locale = name.replace(/\.ya?ml$/, '');
    if (locale === name || !LOCALE.test(locale)) {
      problems.push({
        file: rel(file),
        line: 1,
        severity: 'warning',
        message: 'not used: the glossary folder holds <locale>.yaml files',
      });
      continue;
    }
    const raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const glossary = parseGlossaryText(locale, raw, rel(file), problems);
    if (glossary) out.push(glossary);
  }
  return out;
}
