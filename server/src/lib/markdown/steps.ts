import type { ContentProblem } from './types';

/** The kinds a step may declare in `:::: step <id> <kind>`. */
export const STEP_KINDS = ['article', 'activity', 'quiz', 'reflection', 'discussion'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Reading speed the step minutes are reckoned with. */
export const WORDS_PER_MINUTE = 180;
export const MAX_STEP_WORDS = 1200;
export const MIN_STEPS = 4;
export const MAX_STEPS = 7;
/** The id of the single step a module without step containers is shown as. */
export const WHOLE_MODULE_STEP = 'all';

const STEP_OPEN = /^::::\s*step(?:\s+(\S+))?(?:\s+(\S+))?\s*(.*)$/;
const STEP_CLOSE = /^::::\s*$/;
const STEP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ACTIVITY_MINUTES = /^:::\s*activity\b.*\bminutes=(\d+)\b/;
const RESOURCE_LINK = /\]\(resource:([^)\s]*)\)/g;

export interface StepDefinition {
  id: string;
  kind: StepKind;
  title: string;
  /** 1-based line of the `:::: step` opener in the file as written. */
  line: number;
  /** The step's Markdown between its opener and closer, unchanged. */
  body: string;
  /** Lines before `body` in the file as written, so problems in it point at the file's own lines. */
  bodyLine: number;
  words: number;
  activityMinutes: number;
  /** ceil(words / 180) + the stated minutes of its activities. */
  minutes: number;
  resources: { id: string; line: number }[];
}

export interface ParsedSteps {
  /** Empty when the module has no step containers: it is then one step, `all`, holding the whole text. */
  steps: StepDefinition[];
  problems: ContentProblem[];
}

/** Words a reader reads: container markers and Markdown punctuation do not count. */
export function countWords(markdown: string): number {
  const text = markdown
    .split('\n')
    .filter((l) => !/^\s*:::/.test(l))
    .join('\n')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Resource links `[text](resource:<id>)` in a piece of Markdown, with their lines. */
export function resourceLinks(markdown: string, lineOffset = 0): { id: string; line: number }[] {
  const out: { id: string; line: number }[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(RESOURCE_LINK)) out.push({ id: m[1], line: i + 1 + lineOffset });
  });
  return out;
}

/**
 * Splits a module body into its `:::: step <id> <kind>` containers (line by line, outside code
 * fences), with problems at the file's own lines. The body is not changed: a step's text is a slice
 * of it.
 */
export function parseSteps(body: string, lineOffset = 0): ParsedSteps {
  const lines = body.split('\n');
  const problems: ContentProblem[] = [];
  const steps: StepDefinition[] = [];
  const at = (i: number) => i + 1 + lineOffset;
  let fence: string | undefined;
  let open: { id: string; kind: string; start: number } | undefined;
  const outside: number[] = [];

  const close = (end: number) => {
    if (!open) return;
    const inner = lines.slice(open.start + 1, end);
    const first = inner.findIndex((l) => l.trim() !== '');
    const heading = first >= 0 ? /^##\s+(.+?)\s*#*\s*$/.exec(inner[first]) : null;
    if (!heading || /^###/.test(inner[first]))
      problems.push({
        line: at(first >= 0 ? open.start + 1 + first : open.start),
        severity: 'error',
        message: 'a step starts with its title as a level-2 heading: `## <Step title>`',
      });
    const text = inner.join('\n');
    const words = countWords(text);
    const activityMinutes = inner.reduce((n, l) => n + Number(ACTIVITY_MINUTES.exec(l.trim())?.[1] ?? 0), 0);
    if (words > MAX_STEP_WORDS)
      problems.push({
        line: at(open.start),
        severity: 'error',
        message: `step "${open.id}" has ${words} words: a step has at most ${MAX_STEP_WORDS}; split it into two steps`,
      });
    steps.push({
      id: open.id,
      kind: open.kind as StepKind,
      title: heading?.[1] ?? open.id,
      line: at(open.start),
      body: text,
      bodyLine: open.start + 1 + lineOffset,
      words,
      activityMinutes,
      minutes: Math.ceil(words / WORDS_PER_MINUTE) + activityMinutes,
      resources: resourceLinks(text, open.start + 1 + lineOffset),
    });
    open = undefined;
  };

  lines.forEach((raw, i) => {
    const text = raw.trim();
    const fenceMatch = /^(```|~~~)/.exec(text);
    if (fenceMatch) {
      fence = fence === fenceMatch[1] ? undefined : (fence ?? fenceMatch[1]);
      if (!open && text) outside.push(i);
      return;
    }
    if (fence) {
      if (!open && text) outside.push(i);
      return;
    }
    const opener = STEP_OPEN.exec(text);
    if (opener) {
      if (open) {
        problems.push({
          line: at(i),
          severity: 'error',
          message: `step opens inside step "${open.id}" (line ${at(open.start)}): close it with \`::::\` first`,
        });
        close(i);
      }
      const [, id = '', kind = '', rest] = opener;
      if (!STEP_ID.test(id))
        problems.push({
          line: at(i),
          severity: 'error',
          message: 'step needs an id of lowercase letters, digits and hyphens: `:::: step <id> <kind>`',
        });
      else if (steps.some((s) => s.id === id))
        problems.push({ line: at(i), severity: 'error', message: `step id "${id}" is used twice in this module` });
      if (!(STEP_KINDS as readonly string[]).includes(kind))
        problems.push({
          line: at(i),
          severity: 'error',
          message: `step kind "${kind}" is not one of ${STEP_KINDS.join(', ')}`,
        });
      if (rest)
        problems.push({
          line: at(i),
          severity: 'error',
          message: `unexpected "${rest}" after the step kind: write \`:::: step <id> <kind>\``,
        });
      open = { id, kind, start: i };
      return;
    }
    if (STEP_CLOSE.test(text)) {
      if (!open)
        problems.push({ line: at(i), severity: 'error', message: '`::::` closes no step: remove it or open a step' });
      else close(i);
      return;
    }
    if (!open && text) outside.push(i);
  });
  if (open) {
    problems.push({
      line: at(open.start),
      severity: 'error',
      message: `step "${open.id}" is not closed: add a line with only \`::::\``,
    });
    close(lines.length);
  }
  if (steps.length > 0 && outside.length > 0)
    problems.push({
      line: at(outside[0]),
      severity: 'error',
      message: 'text outside any step: in a module with steps, every line belongs to a `:::: step`',
    });
  if (steps.length > 0 && (steps.length < MIN_STEPS || steps.length > MAX_STEPS))
    problems.push({
      line: steps[0].line,
      severity: 'error',
      message: `module has ${steps.length} step(s): give it ${MIN_STEPS} to ${MAX_STEPS}`,
    });
  return { steps, problems };
}
