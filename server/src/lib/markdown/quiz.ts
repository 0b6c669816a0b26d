import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type { ContentProblem, QuizDefinition, QuizQuestion } from './types';

/** What the quiz plugin reads and fills in the renderer's environment. */
export interface QuizEnv {
  problems: ContentProblem[];
  quizzes: QuizDefinition[];
  lineOffset?: number;
}

const OPEN = /^:::\s*quiz(?:\s+(\S*))?\s*$/;
const CLOSE = /^:::\s*$/;
const QUESTION = /^\?\s+(.+)$/;
const OPTION = /^- \[( |x|X)\]\s+(.+)$/;
const FEEDBACK = /^ {2,}(\S.*)$/;
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * `::: quiz <id>` blocks are parsed line by line (not as Markdown) into a QuizDefinition;
 * the HTML only gets an empty placeholder, so correct answers never reach the page.
 */
export function quizPlugin(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'atrium_quiz', (state: StateBlock, startLine, endLine, silent) => {
    if (state.sCount[startLine] - state.blkIndent >= 4) return false;
    const first = lineText(state, startLine).trim();
    const open = OPEN.exec(first);
    if (!open) return false;
    if (silent) return true;
    const env = state.env as QuizEnv;
    const lineOffset = env.lineOffset ?? 0;
    const at = (line: number) => line + 1 + lineOffset;

    let line = startLine + 1;
    const body: { text: string; line: number }[] = [];
    let closed = false;
    for (; line < endLine; line++) {
      const text = lineText(state, line);
      if (CLOSE.test(text)) {
        closed = true;
        break;
      }
      body.push({ text, line: at(line) });
    }
    const id = open[1] ?? '';
    const problems = env.problems;
    if (!id)
      problems.push({ line: at(startLine), severity: 'error', message: 'quiz has no id: write `::: quiz <id>`' });
    else if (!ID_PATTERN.test(id))
      problems.push({
        line: at(startLine),
        severity: 'error',
        message: `quiz id "${id}" must use lowercase letters, digits and hyphens`,
      });
    if (!closed)
      problems.push({
        line: at(startLine),
        severity: 'error',
        message: 'quiz is not closed: add a line with only `:::` after its last option',
      });

    const quiz: QuizDefinition = { id, line: at(startLine), questions: parseQuestions(md, body, problems) };
    if (quiz.questions.length === 0)
      problems.push({ line: at(startLine), severity: 'error', message: 'quiz has no questions: start each with `? `' });
    env.quizzes.push(quiz);

    const token = state.push('atrium_quiz', 'div', 0);
    token.map = [startLine, line];
    token.meta = { id };
    state.line = closed ? line + 1 : line;
    return true;
  });
  md.renderer.rules.atrium_quiz = (tokens, idx) =>
    `<div class="quiz" data-quiz="${md.utils.escapeHtml(String(tokens[idx].meta.id))}"></div>\n`;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line], state.eMarks[line]);
}

function parseQuestions(
  md: MarkdownIt,
  body: { text: string; line: number }[],
  problems: QuizEnv['problems'],
): QuizQuestion[] {
  const questions: (QuizQuestion & { line: number })[] = [];
  let lastOption: { feedback: string[]; line: number } | undefined;
  const feedbacks: { feedback: string[]; line: number }[][] = [];

  for (const { text, line } of body) {
    if (text.trim() === '') continue;
    const q = QUESTION.exec(text);
    const o = OPTION.exec(text);
    const f = FEEDBACK.exec(text);
    if (q) {
      questions.push({ prompt: md.renderInline(q[1].trim()), multiple: false, options: [], line });
      feedbacks.push([]);
      lastOption = undefined;
    } else if (o) {
      const question = questions.at(-1);
      if (!question) {
        problems.push({ line, severity: 'error', message: 'option before any question: start the question with `? `' });
        continue;
      }
      question.options.push({ text: md.renderInline(o[2].trim()), correct: o[1] !== ' ', feedback: '' });
      lastOption = { feedback: [], line };
      feedbacks.at(-1)!.push(lastOption);
    } else if (f && lastOption) {
      lastOption.feedback.push(f[1].trim());
    } else {
      problems.push({
        line,
        severity: 'error',
        message:
          'unexpected line in quiz: expected `? question`, `- [x] right option`, `- [ ] wrong option` or feedback indented by two spaces',
      });
    }
  }

  questions.forEach((question, qi) => {
    question.options.forEach((option, oi) => {
      const fb = feedbacks[qi][oi];
      if (fb.feedback.length === 0)
        problems.push({
          line: fb.line,
          severity: 'error',
          message: 'option has no feedback: add a line indented by two spaces below it',
        });
      option.feedback = md.renderInline(fb.feedback.join(' '));
    });
    const correct = question.options.filter((o) => o.correct).length;
    question.multiple = correct > 1;
    if (question.options.length < 2 || question.options.length > 6)
      problems.push({
        line: question.line,
        severity: 'error',
        message: `question has ${question.options.length} option(s): give 2 to 6`,
      });
    if (correct === 0)
      problems.push({
        line: question.line,
        severity: 'error',
        message: 'question has no correct option: mark one with `- [x]`',
      });
  });
  return questions.map(({ line: _line, ...q }) => q);
}
