import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { splitFrontMatter } from '../lib/markdown/front-matter';
import { sha256 } from './hash';
import { LOCALE, SLUG } from './schema';
import type { FileProblem, LoadedGlossary, LoadedResource } from './types';
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
      const split = splitFrontMatter(raw);
      if (!split) {
        problems.push({
          file: rel(file),
          line: 1,
          severity: 'error',
          message: 'missing front matter: start with ---, id, title, description, ---',
        });
        continue;
      }
      const fm = parseYaml(split.yaml, ZResourceFrontMatter, rel(file), 1);
      problems.push(...fm.problems);
      if (!fm.value) continue;
      if (fm.value.id !== entry.name)
        problems.push({
          file: rel(file),
          line: 2,
          severity: 'error',
          message: `id "${fm.value.id}" must be "${entry.name}", its folder name`,
        });
      resource.locales.push({
        locale: name.slice(0, -3),
        file: rel(file),
        raw,
        hash: sha256(raw),
        title: fm.value.title,
        description: fm.value.description ?? '',
        body: split.body,
      });
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
    const parsed = parseYaml(raw, ZGlossaryYaml, rel(file));
    problems.push(...parsed.problems);
    if (!parsed.value) continue;
    const lines = raw.split('\n');
    const lineOf = (id: string) => Math.max(1, lines.findIndex((l) => l.startsWith(`${id}:`)) + 1);
    out.push({
      locale,
      file: rel(file),
      raw,
      hash: sha256(raw),
      terms: Object.entries(parsed.value).map(([id, e]) => ({ id, line: lineOf(id), ...e })),
    });
  }
  return out;
}
