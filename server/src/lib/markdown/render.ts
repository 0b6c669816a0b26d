import MarkdownIt, { type PluginWithParams } from 'markdown-it';
import container from 'markdown-it-container';
import type Token from 'markdown-it/lib/token.mjs';
import { ID_PATTERN, quizPlugin } from './quiz';
import type { ContentProblem, QuizDefinition } from './types';

export interface RenderOptions {
  /** Maps a file name relative to the module folder to its public URL; undefined when the file does not exist. */
  resolveFile?: (fileName: string) => string | undefined;
  /** Lines before the Markdown body in its file (the front matter), so problems point at the file's own lines. */
  lineOffset?: number;
}

export interface RenderEnv {
  problems: ContentProblem[];
  quizzes: QuizDefinition[];
  reflections: { id: string; line: number }[];
  /** `::: discuss <id>` prompts: the question opens the discussion beside the step. */
  discussions?: { id: string; line: number }[];
  lineOffset?: number;
  resolveFile?: RenderOptions['resolveFile'];
}

export interface RenderedModule {
  html: string;
  quizzes: QuizDefinition[];
  reflections: { id: string; line: number }[];
  discussions: { id: string; line: number }[];
  problems: ContentProblem[];
}

const BOXES = ['reflection', 'case', 'activity', 'discuss'] as const;
type BoxKind = (typeof BOXES)[number];

function createMarkdown(): MarkdownIt {
  // html: false is the security boundary: raw HTML in a module is shown as text, never run.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
  md.use(quizPlugin);
  for (const kind of BOXES) {
    md.use(container as unknown as PluginWithParams, kind, {
      validate: (params: string) => new RegExp(`^${kind}(\\s|$)`).test(params.trim()),
      render: (tokens: Token[], idx: number, _opts: unknown, env: RenderEnv) => renderBox(md, kind, tokens, idx, env),
    });
  }
  md.core.ruler.push('atrium_links_and_images', (state) => checkLinksAndImages(state.tokens, state.env as RenderEnv));
  return md;
}

function renderBox(md: MarkdownIt, kind: BoxKind, tokens: Token[], idx: number, env: RenderEnv): string {
  const token = tokens[idx];
  const tag = kind === 'case' ? 'aside' : 'section';
  if (token.nesting === -1) return `</div></${tag}>\n`;
  const arg = token.info.trim().slice(kind.length).trim();
  const line = (token.map?.[0] ?? 0) + 1 + (env.lineOffset ?? 0);
  const esc = md.utils.escapeHtml;
  const kindLabel = `<span class="box-kind" data-kind="${kind}"></span>`;
  if (kind === 'reflection') {
    if (!ID_PATTERN.test(arg))
      env.problems.push({
        line,
        severity: 'error',
        message: 'reflection needs an id of lowercase letters, digits and hyphens: `::: reflection <id>`',
      });
    else env.reflections.push({ id: arg, line });
    return `<section class="box box-reflection" data-reflection="${esc(arg)}">${kindLabel}<div class="box-body">\n`;
  }
  if (kind === 'discuss') {
    if (!ID_PATTERN.test(arg))
      env.problems.push({
        line,
        severity: 'error',
        message: 'discuss needs an id of lowercase letters, digits and hyphens: `::: discuss <id>`',
      });
    else (env.discussions ??= []).push({ id: arg, line });
    return `<section class="box box-discuss" data-discuss="${esc(arg)}">${kindLabel}<div class="box-body">\n`;
  }
  if (kind === 'case') {
    if (!ID_PATTERN.test(arg))
      env.problems.push({
        line,
        severity: 'error',
        message: 'case needs a city slug: `::: case <city>`, e.g. `::: case athens`',
      });
    return `<aside class="box box-case" data-city="${esc(arg)}">${kindLabel}<div class="box-body">\n`;
  }
  const title = arg ? `<h3 class="box-title">${md.renderInline(arg)}</h3>` : '';
  return `<section class="box box-activity">${kindLabel}${title}<div class="box-body">\n`;
}

function checkLinksAndImages(tokens: Token[], env: RenderEnv): void {
  let line = 0;
  const visit = (list: Token[]) => {
    for (const token of list) {
      if (token.map) line = token.map[0] + 1 + (env.lineOffset ?? 0);
      if (token.type === 'image') checkImage(token, line, env);
      if (token.type === 'link_open') checkLink(token, line, env);
      if (token.children) visit(token.children);
    }
  };
  visit(tokens);
}

function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

function checkImage(token: Token, line: number, env: RenderEnv): void {
  const src = token.attrGet('src') ?? '';
  const alt = token.children?.map((c) => c.content).join('') ?? token.content;
  if (!alt.trim())
    env.problems.push({
      line,
      severity: 'error',
      message: `image "${src}" has no alt text: describe it between the brackets, ![what it shows](${src})`,
    });
  if (isExternal(src)) {
    env.problems.push({
      line,
      severity: 'error',
      message: `image "${src}" is not in the module folder: copy the file next to the module and link it by name`,
    });
    token.attrSet('src', '');
    return;
  }
  const url = env.resolveFile?.(decodeURI(src));
  if (url) token.attrSet('src', url);
  else if (env.resolveFile)
    env.problems.push({ line, severity: 'error', message: `image file "${src}" does not exist in the module folder` });
  token.attrSet('loading', 'lazy');
}

function checkLink(token: Token, line: number, env: RenderEnv): void {
  const href = token.attrGet('href') ?? '';
  if (isExternal(href)) {
    if (/^https?:/i.test(href)) token.attrSet('rel', 'noopener noreferrer');
    return;
  }
  if (href.startsWith('#') || href === '') return;
  const url = env.resolveFile?.(decodeURI(href.split('#')[0]));
  if (url) token.attrSet('href', url);
  else if (env.resolveFile)
    env.problems.push({
      line,
      severity: 'error',
      message: `link target "${href}" does not exist in the module folder`,
    });
}

const md = createMarkdown();

/** Renders a module's Markdown body exactly as learners see it, and reports what is wrong with it. */
export function renderMarkdown(body: string, options: RenderOptions = {}): RenderedModule {
  const env: RenderEnv = { problems: [], quizzes: [], reflections: [], discussions: [], ...options };
  const html = md.render(body, env);
  env.problems.push(...checkContainerLines(body, options.lineOffset ?? 0));
  return {
    html,
    quizzes: env.quizzes,
    reflections: env.reflections,
    discussions: env.discussions ?? [],
    problems: env.problems,
  };
}

const KNOWN_CONTAINERS = new Set(['quiz', ...BOXES]);

/** Structural checks markdown-it cannot report: unknown, nested or unclosed `:::` containers. */
function checkContainerLines(body: string, lineOffset: number): ContentProblem[] {
  const problems: ContentProblem[] = [];
  let open: { name: string; line: number } | undefined;
  let fence: string | undefined;
  body.split('\n').forEach((raw, i) => {
    const line = i + 1 + lineOffset;
    const text = raw.trim();
    const fenceMatch = /^(```|~~~)/.exec(text);
    if (fenceMatch) {
      fence = fence === fenceMatch[1] ? undefined : (fence ?? fenceMatch[1]);
      return;
    }
    if (fence || !text.startsWith(':::')) return;
    const name = text.slice(3).trim().split(/\s+/)[0];
    if (!name) {
      if (!open)
        problems.push({
          line,
          severity: 'error',
          message: '`:::` closes nothing: remove it or open a container above',
        });
      open = undefined;
      return;
    }
    if (!KNOWN_CONTAINERS.has(name)) {
      problems.push({
        line,
        severity: 'error',
        message: `unknown container "${name}": use quiz, reflection, case, activity or discuss`,
      });
      return;
    }
    if (open)
      problems.push({
        line,
        severity: 'error',
        message: `"${name}" opens inside "${open.name}" (line ${open.line}): close the first with \`:::\` before opening another`,
      });
    open = { name, line };
  });
  if (open && open.name !== 'quiz')
    problems.push({
      line: open.line,
      severity: 'error',
      message: `"${open.name}" is not closed: add a line with only \`:::\``,
    });
  return problems;
}
