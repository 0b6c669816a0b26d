import { WriteQueue, type Job } from '../../server/src/xapi/write-queue';

type TestJob = Job<string> & { name: string };

function queue(options: { concurrency?: number; maxStatements?: number } = {}) {
  const groups: string[][] = [];
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const q = new WriteQueue<string, TestJob>({
    ...options,
    flush: async (jobs) => {
      groups.push(jobs.map((j) => j.name));
      await gate;
      for (const j of jobs)
        if (j.name.startsWith('bad')) j.reject(new Error(`${j.name} refused`));
        else j.resolve(`${j.name} stored`);
    },
  });
  const submit = (name: string, size = 1) => q.submit((resolve, reject) => ({ name, size, resolve, reject }));
  const hold = () => (gate = new Promise<void>((r) => (release = r)));
  return { groups, submit, hold, release: () => release() };
}

describe('the statement write queue', () => {
  it('writes requests made in the same turn as one group, each with its own outcome', async () => {
    const { groups, submit } = queue();
    const results = await Promise.allSettled([submit('a'), submit('bad-b'), submit('c')]);
    expect(groups).toEqual([['a', 'bad-b', 'c']]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a stored',
      'bad-b refused',
      'c stored',
    ]);
  });

  it('gathers requests that arrive while the transactions run into the next group', async () => {
    const { groups, submit, hold, release } = queue({ concurrency: 1 });
    hold();
    const first = submit('a');
    await new Promise((r) => setImmediate(r));
    const later = [submit('b'), submit('c')];
    await new Promise((r) => setImmediate(r));
    expect(groups).toEqual([['a']]);
    release();
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['a'], ['b', 'c']]);
  });

  it('keeps a group below the statement limit', async () => {
    const { groups, submit } = queue({ maxStatements: 100 });
    await Promise.all([submit('a', 60), submit('b', 30), submit('c', 20), submit('d', 500)]);
    expect(groups).toEqual([['a', 'b'], ['c'], ['d']]);
  });
});
