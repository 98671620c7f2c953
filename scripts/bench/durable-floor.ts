import type { createKafka } from '@sentinel/messaging';
import { Pool } from 'pg';

/**
 * The durable floor: the least any consumer pays that keeps every event in Postgres atomically with
 * the progress it commits, as the detector does. kafkajs consumes the topic with the detector's
 * settings (batches, `concurrency` partitions at once, offsets resolved by hand after the write and
 * committed at most every `commitIntervalMs`) and, per batch, in one transaction inserts each event
 * into `floor_event`, a copy of `account_event` with its columns, keys and indexes, numbering each
 * account's events as the detector does. That is all it does: no state, no rules, no cases. The
 * detector measured against it says what detection costs beyond durability; against a bare consumer,
 * what durability and detection cost together. Returns the seconds from the first batch to the last.
 */
export async function durableFloor(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  groupId: string,
  dbUrl: string,
  events: number,
  { concurrency, commitIntervalMs }: { concurrency: number; commitIntervalMs: number },
): Promise<number> {
  const pool = new Pool({ connectionString: dbUrl, max: concurrency });
  await pool.query('DROP TABLE IF EXISTS floor_event');
  // INCLUDING ALL copies the defaults, the primary key and every index (the timeline, the replay
  // sequence): what each insert into account_event maintains.
  await pool.query('CREATE TABLE floor_event (LIKE account_event INCLUDING ALL)');
  const seqs = new Map<string, number>();
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 4_194_304, readUncommitted: true });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let start = 0;
  let end = 0;
  const done = new Promise<void>((resolve, reject) => {
    void consumer.run({
      autoCommit: false,
      ...(commitIntervalMs > 0 ? { autoCommitInterval: commitIntervalMs } : { autoCommitThreshold: 1 }),
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: concurrency,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (!start) start = performance.now();
        const bodies = batch.messages.map((m) => m.value!.toString());
        // Numbered here, not read from the table: the detector reads each account's head from its
        // state snapshots, which this floor does not keep.
        const numbers = bodies.map((body) => {
          const accountId = (JSON.parse(body) as { accountId: string }).accountId;
          const seq = (seqs.get(accountId) ?? 0) + 1;
          seqs.set(accountId, seq);
          return seq;
        });
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO floor_event (id, account_id, type, occurred_at, channel, correlation_id, body, account_seq)
             SELECT e->>'id', e->>'accountId', e->>'type', (e->>'occurredAt')::timestamptz, e->>'channel',
                    e->>'correlationId', e, ($2::bigint[])[ord]
               FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
             ON CONFLICT (account_id, id) DO NOTHING`,
            [`[${bodies.join(',')}]`, numbers],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          reject(error instanceof Error ? error : new Error(String(error)));
          throw error;
        } finally {
          client.release();
        }
        payload.resolveOffset(batch.lastOffset());
        await payload.commitOffsetsIfNecessary();
        seen += batch.messages.length;
        if (seen >= events) {
          end = performance.now();
          resolve();
        }
      },
    });
  });
  await done;
  await consumer.disconnect();
  await pool.query('DROP TABLE floor_event');
  await pool.end();
  return (end - start) / 1000;
}
