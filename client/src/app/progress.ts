import { api, type ProgressImport } from '../api/client';

/**
 * Progress of a reader. A guest's visits and quiz results are kept in this browser and carried into
 * the account at sign-in. A signed-in reader's visits are recorded as xAPI statements (xapi/tracker)
 * and their quiz answers by the server when it checks them. Repeats never double: the server keeps one row
 * per module and quiz.
 */
const KEY = 'atrium.guestProgress';
type Stored = Required<ProgressImport>;

function read(): Stored {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}') as ProgressImport;
    return { visits: parsed.visits ?? [], quizzes: parsed.quizzes ?? [] };
  } catch {
    return { visits: [], quizzes: [] };
  }
}

const write = (data: Stored) => localStorage.setItem(KEY, JSON.stringify(data));

export function recordGuestVisit(course: string, release: string, module: string): void {
  const data = read();
  if (!data.visits.some((v) => v.course === course && v.release === release && v.module === module))
    data.visits.push({ course, release, module, at: new Date().toISOString() });
  write(data);
}

export function recordGuestQuiz(quiz: Stored['quizzes'][number]): void {
  const data = read();
  data.quizzes = [
    ...data.quizzes.filter((q) => !(q.release === quiz.release && q.quiz === quiz.quiz && q.score >= quiz.score)),
    quiz,
  ];
  write(data);
}

export function guestVisited(course: string, release: string): Set<string> {
  return new Set(
    read()
      .visits.filter((v) => v.course === course && v.release === release)
      .map((v) => v.module),
  );
}

/** After sign-in: hand the guest's progress to the account, then forget it here. */
export async function carryGuestProgress(): Promise<void> {
  const data = read();
  if (!data.visits.length && !data.quizzes.length) return;
  await api.saveProgress(data);
  localStorage.removeItem(KEY);
}
