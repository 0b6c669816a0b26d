import { api, type ProgressImport } from '../api/client';

/**
 * Progress of a reader. A guest's visits and quiz results are kept in this browser and carried into
 * the account at sign-in. A signed-in reader's visits are recorded as xAPI statements (xapi/tracker)
 * and their quiz answers by the server when it checks them. Repeats never double: the server keeps one row
 * per module and quiz.
 */
const KEY = 'atrium.guestProgress';
type GuestQuiz = Required<ProgressImport>['quizzes'][number] & { score: number };
type Stored = { visits: Required<ProgressImport>['visits']; quizzes: GuestQuiz[] };

function read(): Stored {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Stored>;
    // Kept before answers were stored (a bare score): the server would refuse them, so they are dropped.
    return { visits: parsed.visits ?? [], quizzes: (parsed.quizzes ?? []).filter((q) => Array.isArray(q.answers)) };
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

/** Keeps the best-scoring answers per quiz (the score is shown here only; the server re-checks the answers). */
export function recordGuestQuiz(quiz: GuestQuiz): void {
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

/** After sign-in: hand the guest's visits and answers to the account (which checks them), then forget them here. */
export async function carryGuestProgress(): Promise<void> {
  const data = read();
  if (!data.visits.length && !data.quizzes.length) return;
  await api.saveProgress({
    visits: data.visits,
    quizzes: data.quizzes.map(({ score: _score, ...answered }) => answered),
  });
  localStorage.removeItem(KEY);
}
