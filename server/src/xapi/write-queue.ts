/**
 * Group commit for statement writes: requests that arrive while a transaction is running are written
 * together in the next one (one round of queries and one commit for many requests), so concurrent single
 * POSTs do not each pay for a transaction. Every request still gets its own outcome: `flush` settles
 * each job, and when the grouped transaction fails as a whole, each job is tried again on its own.
 */
export interface Job<T> {
  /** Statements in this job, to bound the size of a group. */
  size: number;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export interface WriteQueueOptions<J> {
  /** Writes a group; resolves or rejects each job itself. */
  flush(jobs: J[]): Promise<void>;
  /** Transactions running at once (the pool must have connections to spare for reads). */
  concurrency?: number;
  /** Statements per group at most. */
  maxStatements?: number;
}

export class WriteQueue<T, J extends Job<T>> {
  private pending: J[] = [];
  private running = 0;
  private scheduled = false;
  private waiting: (() => void)[] = [];

  constructor(private readonly options: WriteQueueOptions<J>) {}

  submit(make: (resolve: (v: T) => void, reject: (e: unknown) => void) => J): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = make(resolve, reject);
      this.pending.push(job);
      this.schedule();
    });
  }

  /** Resolves once every job submitted so far is written (or refused): for a clean shutdown. */
  idle(): Promise<void> {
    if (!this.pending.length && !this.running && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private settleIdle() {
    if (this.pending.length || this.running || this.scheduled) return;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // Wait for the requests already read in this turn of the event loop, then start a group.
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain() {
    const concurrency = this.options.concurrency ?? 2;
    const max = this.options.maxStatements ?? 500;
    while (this.pending.length && this.running < concurrency) {
      const group: J[] = [];
      let size = 0;
      while (this.pending.length && (group.length === 0 || size + this.pending[0].size <= max)) {
        const job = this.pending.shift()!;
        size += job.size;
        group.push(job);
      }
      this.running++;
      this.options
        .flush(group)
        .catch((err: unknown) => group.forEach((j) => j.reject(err)))
        .finally(() => {
          this.running--;
          if (this.pending.length) this.drain();
          else this.settleIdle();
        });
    }
  }
}
