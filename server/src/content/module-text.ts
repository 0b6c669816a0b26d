import path from 'node:path';
import { splitFrontMatter } from '../lib/markdown/front-matter';
import { renderMarkdown } from '../lib/markdown/render';
import { parseSteps, resourceLinks } from '../lib/markdown/steps';
import type { ModuleFrontMatter } from '../lib/markdown/types';
import { sha256, sourceHashOf } from './hash';
import { ZFrontMatter } from './schema';
import type { FileProblem, LoadedAsset, LoadedModuleLocale } from './types';
import { parseYaml } from './yaml';

export const assetUrl = (asset: Pick<LoadedAsset, 'hash' | 'fileName'>): string =>
  `/api/assets/${asset.hash}${path.extname(asset.fileName).toLowerCase()}`;

/**
 * Parses one module text (front matter and Markdown) as written in `where`; images resolve against
 * `assets`. Problems name `where` and the line.
 */
export function parseModuleText(
  raw: string,
  locale: string,
  where: string,
  assets: LoadedAsset[],
  problems: FileProblem[],
): LoadedModuleLocale | undefined {
  const split = splitFrontMatter(raw);
  if (!split) {
    problems.push({
      file: where,
      line: 1,
      severity: 'error',
      message:
        'missing front matter: start the file with a --- line, id/title/minutes/objectives, and another --- line',
    });
    return undefined;
  }
  const fm = parseYaml(split.yaml, ZFrontMatter, where, 1);
  problems.push(...fm.problems);
  if (!fm.value) return undefined;

  const used = new Set<LoadedAsset>();
  const rendered = renderMarkdown(split.body, {
    lineOffset: split.bodyLine,
    resolveFile: (name) => {
      const asset = assets.find((a) => a.fileName === name);
      if (!asset) return undefined;
      used.add(asset);
      return assetUrl(asset);
    },
  });
  problems.push(...rendered.problems.map((p) => ({ ...p, file: where })));
  const steps = parseSteps(split.body, split.bodyLine);
  problems.push(...steps.problems.map((p) => ({ ...p, file: where })));
  const assetHashes = [...used].map((a) => `${a.fileName}:${a.hash}`).sort();
  return {
    locale,
    file: where,
    raw,
    sourceHash: sourceHashOf(raw),
    versionHash: sha256([fm.value.id, locale, raw.replace(/\r\n/g, '\n'), ...assetHashes].join('\0')),
    frontMatter: fm.value as ModuleFrontMatter,
    body: split.body,
    html: rendered.html,
    quizzes: rendered.quizzes,
    reflections: rendered.reflections,
    steps: steps.steps,
    resourceLinks: resourceLinks(split.body, split.bodyLine),
  };
}
