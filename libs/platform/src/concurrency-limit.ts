/** At most `limit` of the tasks given to `run` at once; the others wait their turn, first come first served. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` counts it without a gap.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Runs `work` on every item within the limit; resolves once every one has ended, with the errors, in item order. */
  async each<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<unknown[]> {
    const outcomes = await Promise.allSettled(items.map((item) => this.run(() => work(item))));
    return outcomes.flatMap((outcome): unknown[] => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  }
}
