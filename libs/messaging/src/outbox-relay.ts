import { Logger } from '@nestjs/common';
import type { TopicPayloads } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import type { MessagePublisher } from './message-publisher';

interface OutboxRow {
  id: string;
  topic: keyof TopicPayloads;
  message_key: string;
  payload: TopicPayloads[keyof TopicPayloads];
  headers: Record<string, string>;
}

/**
 * Carries rows written in the same transaction as their cause to Kafka. Rows are locked with
 * SKIP LOCKED so several relays can run; a crash between send and mark re-sends, and consumers
 * are idempotent by message id, so the outcome is at-least-once without loss.
 */
export class OutboxRelay {
  private readonly log = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
    private readonly options: { intervalMs: number; batchSize: number } = { intervalMs: 1000, batchSize: 500 },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass now, after a write that added rows. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), delayMs);
  }

  private async pass(): Promise<void> {
    if (this.running || this.stopped) return;
    let relayed = 0;
    this.running = (async () => {
      try {
        do {
          this.again = false;
          relayed = await this.relayOnce();
        } while ((relayed === this.options.batchSize || this.again) && !this.stopped);
      } catch (error) {
        this.log.error({ msg: 'outbox relay failed; will retry', error: (error as Error).message });
      }
    })();
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.options.intervalMs);
  }

  /** One transaction: lock pending rows, publish them, mark them. Returns how many were relayed. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, payload, headers FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<keyof TopicPayloads, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      for (const [topic, group] of byTopic) {
        await this.publisher.publish(
          topic,
          group.map((row) => ({ key: row.message_key, value: row.payload as never, headers: row.headers })),
        );
      }
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
