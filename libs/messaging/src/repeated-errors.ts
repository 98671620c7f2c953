/**
 * Says a failure once, then how often it recurred, at most once a window: a batch that fails on
 * every retry, or a broker that stays away, would otherwise fill the disk with the same line.
 */
export class RepeatedErrors {
  private readonly seen = new Map<string, { first: number; lastSaid: number; since: number }>();

  constructor(
    private readonly say: (line: Record<string, unknown>) => void,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The line is said now if this key is new or its window has passed; otherwise only counted. */
  report(key: string, line: Record<string, unknown>): void {
    const now = this.now();
    const entry = this.seen.get(key);
    if (!entry) {
      this.forgetOld(now);
      this.seen.set(key, { first: now, lastSaid: now, since: 0 });
      this.say(line);
      return;
    }
    entry.since += 1;
    if (now - entry.lastSaid < this.windowMs) return;
    this.say({ ...line, repeated: entry.since, firstAt: new Date(entry.first).toISOString() });
    entry.lastSaid = now;
    entry.since = 0;
  }

  /** The condition behind `key` has cleared: say so, with how often it recurred unsaid, and start afresh. */
  resolve(key: string, line: Record<string, unknown>): void {
    const entry = this.seen.get(key);
    if (!entry) return;
    this.seen.delete(key);
    this.say({ ...line, repeated: entry.since, firstAt: new Date(entry.first).toISOString() });
  }

  private forgetOld(now: number): void {
    if (this.seen.size < 1_000) return;
    for (const [key, entry] of this.seen) if (now - entry.lastSaid > this.windowMs) this.seen.delete(key);
  }
}
