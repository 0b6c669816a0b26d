import XAPI from '@xapi/xapi';
import { api, type Enrolled } from '../api/client';
import { readingStatementId } from './statement-ids';
import { learningStatement, type LearningEvent } from '../../../server/src/xapi/profile';

/**
 * Records a signed-in learner's reading as xAPI statements. Each event gets its statement id when it
 * happens (a name-based UUID, so a reload or a language switch makes the same id again and nothing is
 * recorded twice); statements wait in this browser's queue until the LRS has them, offline included.
 */
const QUEUE_KEY = 'atrium.xapi.queue';
const SENT_KEY = 'atrium.xapi.sent';
type Statement = Record<string, unknown> & { id: string };

const lrs = new XAPI({ endpoint: `${location.origin}/xapi/`, version: '1.0.3' });
const read = <T>(key: string, fallback: T): T => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '') as T;
  } catch {
    return fallback;
  }
};
const queue = () => read<Statement[]>(QUEUE_KEY, []);
const sent = () => new Set(read<string[]>(SENT_KEY, []));

const DEVICE_KEY = 'atrium.device';
/** This browser's own random id, kept across visits: part of every statement id it makes. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) localStorage.setItem(DEVICE_KEY, (id = crypto.randomUUID()));
  return id;
}

function enqueue(statement: Statement): void {
  const q = queue();
  if (sent().has(statement.id) || q.some((s) => s.id === statement.id)) return;
  localStorage.setItem(QUEUE_KEY, JSON.stringify([...q, statement]));
}

let flushing: Promise<void> | undefined;

/**
 * Sends what is queued, oldest first, including what is queued while sending; stops at the first
 * network failure and tries again later.
 */
export function flush(): Promise<void> {
  // Cleared once the send is over, asynchronously: with nothing queued the send ends at once, and a
  // synchronous clear would run before the assignment, leaving a settled promise that blocks every later flush.
  flushing ??= (async () => {
    for (let statement = queue()[0]; statement; statement = queue()[0]) {
      const id = statement.id;
      try {
        await lrs.sendStatement({ statement: statement as never });
      } catch (err) {
        const status = (err as { response?: { status?: number } }).response?.status ?? 0;
        // 409: the LRS already holds this statement id, so it is recorded. Offline, 5xx, 408, 429:
        // retry later. Any other 4xx is a refusal for good: retrying would block the queue forever.
        const refused = status >= 400 && status < 500 && status !== 408 && status !== 429;
        if (status !== 409 && !refused) return;
        if (refused) console.warn(`The LRS refused statement ${id} (HTTP ${status}); it is dropped.`);
      }
      localStorage.setItem(QUEUE_KEY, JSON.stringify(queue().filter((s) => s.id !== id)));
      localStorage.setItem(SENT_KEY, JSON.stringify([...sent(), id].slice(-2000)));
    }
  })().finally(() => {
    flushing = undefined;
  });
  return flushing;
}

window.addEventListener('online', () => void flush());

const registrations = new Map<string, Promise<string | null>>();

export interface Reading extends Omit<LearningEvent, 'registration' | 'verb' | 'progress'> {
  module: string;
}

/**
 * Starts recording a module's reading: experienced now, progressed at each quarter read. Reaching the
 * end is `progressed` 100%; whether that completes the module (its quizzes passed) is the server's call.
 */
export async function trackModule(
  reading: Reading,
  article: HTMLElement,
  step?: { id: string; position: number; count: number },
): Promise<() => void> {
  // Steps read on other devices count too: the server knows them from their statements.
  const readElsewhere = step
    ? await api
        .courseProgress(reading.course, reading.language)
        .then((p) =>
          p.enrolment ? ((p as Enrolled).modules.find((m) => m.id === reading.module)?.stepsRead ?? []) : [],
        )
        .catch(() => [] as string[])
    : [];
  const key = `${reading.course}/${reading.release}`;
  if (!registrations.has(key))
    registrations.set(
      key,
      api.enrol(reading.course, reading.release, reading.language, true).then((r) => r.registration),
    );
  const registration = await registrations.get(key)!;
  // A trainer, staff member or admin checking a module is not enrolled by opening it: nothing to record.
  if (!registration) return () => undefined;
  const event = { ...reading, registration };
  const record = async (verb: LearningEvent['verb'], name: string, progress?: number) => {
    enqueue({
      id: await readingStatementId({ registration, device: deviceId(), module: reading.module, event: name }),
      timestamp: new Date().toISOString(),
      ...learningStatement({ ...event, verb, progress }),
    });
    void flush();
  };

  // In a module written in steps, each step is its own activity (the module its parent); the module's
  // own statements stay as they were: it is experienced, and progressed by the share of steps read.
  const recordStep = async (verb: LearningEvent['verb'], name: string, progress?: number) => {
    enqueue({
      id: await readingStatementId({
        registration,
        device: deviceId(),
        module: `${reading.module}/${step!.id}`,
        event: name,
      }),
      timestamp: new Date().toISOString(),
      ...learningStatement({ ...event, step: step!.id, verb, progress }),
    });
    void flush();
  };
  const today = new Date().toISOString().slice(0, 10);
  await record('experienced', `experienced|${today}`);
  if (step) await recordStep('experienced', `experienced|${today}`);
  const reached = new Set<number>();
  const onScroll = () => {
    const box = article.getBoundingClientRect();
    const seen = Math.min(1, Math.max(0, (window.innerHeight - box.top) / Math.max(1, box.height)));
    for (const quarter of [0.25, 0.5, 0.75, 1]) {
      if (seen < quarter || reached.has(quarter)) continue;
      reached.add(quarter);
      if (!step) {
        void record('progressed', `progressed|${quarter}`, quarter);
        continue;
      }
      void recordStep('progressed', `progressed|${quarter}`, quarter);
      if (quarter === 1) {
        const done = markStepRead(`${registration}|${reading.module}`, [...readElsewhere, step.id]);
        const share = Math.min(1, done / step.count);
        void record('progressed', `progressed|steps|${done}`, share);
      }
    }
  };
  onScroll();
  window.addEventListener('scroll', onScroll, { passive: true });
  return () => window.removeEventListener('scroll', onScroll);
}

const STEPS_KEY = 'atrium.steps.read';

/** Steps read to the end in this browser, per registration and module; returns how many. */
function markStepRead(key: string, steps: string[]): number {
  const all = read<Record<string, string[]>>(STEPS_KEY, {});
  const mine = new Set(all[key] ?? []);
  for (const step of steps) mine.add(step);
  all[key] = [...mine];
  localStorage.setItem(STEPS_KEY, JSON.stringify(all));
  return mine.size;
}
