export interface StalledPartition {
  topic: string;
  partition: number;
  /** The first offset of the batch that has not got through. */
  offset: string;
  /** Since when it has been tried, as an ISO time. */
  since: string;
  failures: number;
}

/**
 * Which partitions a consumer is stuck on. A partition counts from the moment a batch starts at an
 * offset until a batch starting there finishes: a batch that fails on every retry, or hangs, keeps
 * its partition at one offset while its backlog grows, and readiness must say so.
 */
export class ConsumerProgress {
  private readonly open = new Map<string, StalledPartition & { sinceMs: number }>();
  /** By topic/partition: how far behind the record time its last finished batch was, or 0 when caught up. */
  private readonly behindMs = new Map<string, { topic: string; ms: number }>();
  /** Restarts with no batch finished in between: a fetch that fails before any handler runs. */
  private restarting?: { since: number; last: number; reason: string; count: number };

  constructor(
    private readonly stallAfterMs: number,
    private readonly onFailure: (topic: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  started(topic: string, partition: number, offset: string): void {
    const key = `${topic}/${partition}`;
    const entry = this.open.get(key);
    if (entry?.offset === offset) return;
    const now = this.now();
    this.open.set(key, { topic, partition, offset, since: new Date(now).toISOString(), sinceMs: now, failures: 0 });
  }

  failed(topic: string, partition: number): void {
    const entry = this.open.get(`${topic}/${partition}`);
    if (entry) entry.failures += 1;
    this.onFailure(topic);
  }

  /**
   * A batch got through. `lastRecordMs` is the Kafka timestamp of its last record; a partition
   * with nothing left behind it (`caughtUp`) is not behind, however old its last record was.
   */
  finished(topic: string, partition: number, lastRecordMs?: number, caughtUp = false): void {
    this.open.delete(`${topic}/${partition}`);
    this.restarting = undefined;
    if (lastRecordMs === undefined || Number.isNaN(lastRecordMs)) return;
    this.behindMs.set(`${topic}/${partition}`, { topic, ms: caughtUp ? 0 : Math.max(0, this.now() - lastRecordMs) });
  }

  /** Per topic, the most any partition of it was behind when its last batch finished, in seconds. */
  lagSeconds(): Map<string, number> {
    const lag = new Map<string, number>();
    for (const { topic, ms } of this.behindMs.values()) lag.set(topic, Math.max(lag.get(topic) ?? 0, ms / 1000));
    return lag;
  }

  /** A consumer was restarted after a failure, by kafkajs or rebuilt by the transport (which may come before any batch reaches a handler). */
  restarted(reason: string): void {
    const now = this.now();
    if (this.restarting) Object.assign(this.restarting, { last: now, reason, count: this.restarting.count + 1 });
    else this.restarting = { since: now, last: now, reason, count: 1 };
  }

  /**
   * Why a consumer of this process consumes nothing any more, if one does not: it has been restarted
   * again and again for longer than the stall time with no batch getting through.
   */
  stopped(): string | undefined {
    const r = this.restarting;
    if (!r) return undefined;
    const now = this.now();
    if (now - r.last >= this.stallAfterMs) {
      this.restarting = undefined;
      return undefined;
    }
    return now - r.since >= this.stallAfterMs
      ? `the consumer has restarted ${r.count} times since ${new Date(r.since).toISOString()} with no batch through: ${r.reason}`
      : undefined;
  }

  /**
   * After a rebalance: partitions this process no longer owns are not its to report. One it still
   * owns keeps its record, so a consumer that restarts after every failed batch stays stalled.
   */
  assigned(assignment: Record<string, number[]>): void {
    for (const [key, entry] of this.open) {
      if (!assignment[entry.topic]?.includes(entry.partition)) this.open.delete(key);
    }
    for (const key of this.behindMs.keys()) {
      const [topic, partition] = [key.slice(0, key.lastIndexOf('/')), Number(key.slice(key.lastIndexOf('/') + 1))];
      if (!assignment[topic]?.includes(partition)) this.behindMs.delete(key);
    }
  }

  stalled(): StalledPartition[] {
    const now = this.now();
    return [...this.open.values()].filter((entry) => now - entry.sinceMs >= this.stallAfterMs).map(({ sinceMs: _, ...entry }) => entry);
  }
}
