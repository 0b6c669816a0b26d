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
  /** Maps `resource:<id>` to its download addresses; undefined when the course has no such resource. */
  resolveResource?: (id: string) => { docx: string; pdf: string } | undefined;
  /** Terms to mark at their first use: the rendered text is one step, so first use is per step. */
  glossary?: GlossaryTerm[];
}

export interface GlossaryTerm {
  id: string;
  term: string;
  definition: string;
  aliases?: string[];
}

export interface RenderEnv {
  problems: ContentProblem[];
  quizzes: QuizDefinition[];
  reflections: { id: string; line: number }[];
  /** `::: discuss <id>` prompts: the question opens the discussion beside the step. */
  discussions?: { id: string; line: number }[];
  lineOffset?: number;
  resolveFile?: RenderOptions['resolveFile'];
  resolveResource?: RenderOptions['resolveResource'];
  glossary?: GlossaryTerm[];
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
  md.use(container as unknown as PluginWithParams, 'step', {
    validate: (params: string) => /^step(\s|$)/.test(params.trim()),
    render: (tokens: Token[], idx: number) => {
      const token = tokens[idx];
      if (token.nesting === -1) return '</section>\n';
      const [id = '', kind = ''] = token.info.trim().slice(4).trim().split(/\s+/);
      const esc = md.utils.escapeHtml;
      return `<section class="step" id="step-${esc(id)}" data-step="${esc(id)}" data-kind="${esc(kind)}">\n`;
    },
  });
  md.core.ruler.push('atrium_links_and_images', (state) => checkLinksAndImages(state.tokens, state.env as RenderEnv));
  md.core.ruler.push('atrium_glossary', (state) =>
    markGlossaryTerms(state.tokens, state.env as RenderEnv, state.Token),
  );
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
  const minutes = /(?:^|\s)minutes=(\d+)(?=\s|$)/.exec(arg);
  const titleText = arg.replace(/(?:^|\s)minutes=\d+(?=\s|$)/, '').trim();
  const time = minutes ? ` data-minutes="${esc(minutes[1])}"` : '';
  const title = titleText ? `<h3 class="box-title">${md.renderInline(titleText)}</h3>` : '';
  return `<section class="box box-activity"${time}>${kindLabel}${title}<div class="box-body">\n`;
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
  if (href.startsWith('resource:')) {
    const id = href.slice('resource:'.length);
    const urls = env.resolveResource?.(id);
    if (urls) {
      token.attrSet('href', urls.docx);
      token.attrSet('data-resource', id);
      token.attrSet('data-pdf', urls.pdf);
      token.attrJoin('class', 'resource-link');
    } else if (env.resolveResource)
      env.problems.push({
        line,
        severity: 'error',
        message: `resource "${id}" does not exist: add courses/<course>/resources/${id}/<locale>.md or fix the link`,
      });
    return;
  }
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

const KNOWN_CONTAINERS = new Set<string>(['quiz', ...BOXES]);

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
    // Four-colon step containers are checked by parseSteps; their contents are checked here.
    if (text.startsWith('::::')) return;
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
        message:
          name === 'step'
            ? 'a step opens with four colons: `:::: step <id> <kind>`, closed by `::::`'
            : `unknown container "${name}": use quiz, reflection, case, activity or discuss`,
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

/** A piece of a text token: plain text, or a glossary term's first use. */
type Piece = { text: string; term?: GlossaryTerm };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Marks the first use of each glossary term (or one of its aliases) in the rendered text as a
 * `<dfn>` with a button that describes itself: its definition shows on focus, hover and tap (CSS),
 * and screen readers read it as the button's description. Text in links and headings is left alone.
 */
function markGlossaryTerms(tokens: Token[], env: RenderEnv, TokenClass: typeof Token): void {
  const terms = env.glossary ?? [];
  if (terms.length === 0) return;
  const patterns = terms.map((t) => ({
    term: t,
    re: new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${[t.term, ...(t.aliases ?? [])]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|')})(?![\\p{L}\\p{N}])`,
      'iu',
    ),
  }));
  const marked = new Set<string>();
  let heading = false;
  for (const block of tokens) {
    if (block.type === 'heading_open') heading = true;
    if (block.type === 'heading_close') heading = false;
    if (block.type !== 'inline' || heading || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    for (const child of block.children) {
      if (child.type === 'link_open') inLink++;
      if (child.type === 'link_close') inLink--;
      if (child.type !== 'text' || inLink > 0) {
        out.push(child);
        continue;
      }
      let pieces: Piece[] = [{ text: child.content }];
      for (const { term, re } of patterns) {
        if (marked.has(term.id)) continue;
        const next: Piece[] = [];
        for (const piece of pieces) {
          const m = piece.term || marked.has(term.id) ? null : re.exec(piece.text);
          if (!m) {
            next.push(piece);
            continue;
          }
          marked.add(term.id);
          next.push(
            { text: piece.text.slice(0, m.index) },
            { text: m[0], term },
            { text: piece.text.slice(m.index + m[0].length) },
          );
        }
        pieces = next;
      }
      for (const piece of pieces) {
        if (!piece.text) continue;
        if (!piece.term) {
          const t = new TokenClass('text', '', 0);
          t.content = piece.text;
          out.push(t);
          continue;
        }
        const html = new TokenClass('html_inline', '', 0);
        const id = `term-${piece.term.id}`;
        html.content =
          `<dfn class="glossary-term" data-term="${escapeHtml(piece.term.id)}">` +
          `<button type="button" class="glossary-button" aria-describedby="${escapeHtml(id)}">${escapeHtml(piece.text)}</button>` +
          `<span role="tooltip" id="${escapeHtml(id)}" class="glossary-tip">${escapeHtml(piece.term.definition)}</span></dfn>`;
        out.push(html);
      }
    }
    block.children = out;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
