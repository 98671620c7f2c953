import type { TopicPayloads } from '@sentinel/contracts';
import type { EntityManager } from 'typeorm';

// account.events: Sentinel's own events (a borrower's applied answer), which the detector folds like any other.
type OutboxTopic = 'account.alerts' | 'account.actions' | 'account.events';
export type OutboxMessage = { [T in OutboxTopic]: { topic: T; message: TopicPayloads[T] } }[OutboxTopic];

/** Messages to publish once the transaction that caused them commits (the relay carries them to Kafka). */
export abstract class Outbox {
  abstract enqueue<T extends OutboxTopic>(db: EntityManager, topic: T, message: TopicPayloads[T]): Promise<void>;
  abstract enqueueAll(db: EntityManager, messages: OutboxMessage[]): Promise<void>;
  abstract deletePublished(db: EntityManager, publishedBefore: Date, limit: number): Promise<number>;
}

/** The outbox table. Every method takes the transaction's manager: the caller owns the transaction. */
export class OutboxRepository implements Outbox {
  /** Adds a message to the outbox, to be relayed to Kafka once this transaction commits. */
  enqueue<T extends OutboxTopic>(db: EntityManager, topic: T, message: TopicPayloads[T]): Promise<void> {
    return this.enqueueAll(db, [{ topic, message } as OutboxMessage]);
  }

  /** Adds messages to the outbox in one statement, in the given order (the relay publishes in id order). */
  async enqueueAll(db: EntityManager, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await db.query(
      `INSERT INTO outbox (topic, message_key, payload, headers)
       SELECT m->>'topic', m->'message'->>'accountId', m->'message', m->'headers'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(m, ord)
        ORDER BY ord`,
      [
        JSON.stringify(
          messages.map(({ topic, message }) => ({
            topic,
            message,
            headers: message.correlationId ? { 'x-correlation-id': message.correlationId } : {},
          })),
        ),
      ],
    );
  }

  /**
   * Deletes up to `limit` rows published before `publishedBefore`, oldest first, and returns how
   * many. Rows another pass holds are skipped, and a bounded batch keeps each statement short.
   */
  async deletePublished(db: EntityManager, publishedBefore: Date, limit: number): Promise<number> {
    const [{ n }]: { n: number }[] = await db.query(
      // A CTE, because TypeORM returns [rows, count] for a bare DELETE … RETURNING.
      `WITH gone AS (
         DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE published_at < $1 ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [publishedBefore.toISOString(), limit],
    );
    return n;
  }
}
