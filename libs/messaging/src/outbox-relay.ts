import type { TopicPayloads } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import type { MessagePublisher } from './message-publisher';
import { PeriodicTask } from './periodic-task';

interface OutboxRow {
  id: string;
  topic: keyof TopicPayloads;
  message_key: string;
  payload: TopicPayloads[keyof TopicPayloads];
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * Carries rows written in the same transaction as their cause to Kafka. Rows are locked with
 * SKIP LOCKED so several relays can run; a crash between send and mark re-sends, and consumers
 * are idempotent by message id, so the outcome is at-least-once without loss.
 */
export class OutboxRelay {
  private readonly task: PeriodicTask;
  private behindMs = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
    private readonly options: { intervalMs: number; batchSize: number } = { intervalMs: 1000, batchSize: 500 },
  ) {
    this.task = new PeriodicTask('OutboxRelay', options.intervalMs, async () => (await this.relayOnce()) === options.batchSize);
  }

  start(): void {
    this.task.start();
  }

  /** Asks for a pass now, after a write that added rows. */
  wake(): void {
    this.task.wake();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** How long the oldest row of the last pass had waited to be relayed, in seconds (0 after a pass that found none). */
  behindSeconds(): number {
    return this.behindMs / 1000;
  }

  /** One transaction: lock pending rows, publish them, mark them. Returns how many were relayed. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, payload, headers, created_at FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      this.behindMs = rows.length === 0 ? 0 : Math.max(0, Date.now() - new Date(rows[0].created_at).getTime());
      if (rows.length === 0) return 0;
      const byTopic = new Map<keyof TopicPayloads, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      for (const [topic, group] of byTopic) {
        await this.publisher.publish(
          topic,
          group.map((row) => ({ key: row.message_key, value: row.payload as never, headers: row.headers })),
        );
      }
      // The time Kafka acknowledged them, not the transaction's start: the latency figures read it.
      await manager.query(`UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
