import { DataSourceTransactions, OutboxRepository } from '@sentinel/persistence';
import { fixedClock } from '@sentinel/rules';
import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { OutboxRetentionScheduler } from './outbox-retention.scheduler';

const NOW = '2026-11-29T12:00:00Z';
const hoursBefore = (hours: number) => new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();

/** Outbox retention against real Postgres, in a database of its own: it deletes every published row past retention. */
describe('OutboxRetentionScheduler against Postgres', () => {
  const db = isolatedDataSource();
  const outbox = new OutboxRepository();

  const add = async (rows: { key: string; publishedAt: string | null; createdAt?: string }[]) => {
    for (const row of rows) {
      await db().query(`INSERT INTO outbox (topic, message_key, payload, created_at, published_at) VALUES ('account.alerts', $1, '{}', $2, $3)`, [
        row.key,
        row.createdAt ?? row.publishedAt ?? NOW,
        row.publishedAt,
      ]);
    }
  };
  const keys = async () => (await db().query<{ message_key: string }[]>(`SELECT message_key FROM outbox ORDER BY id`)).map((r) => r.message_key);

  beforeEach(() => db().query(`DELETE FROM outbox`));

  it('given rows published before the retention, when a pass runs, then they are deleted and recent or unpublished ones are kept', async () => {
    await add([
      { key: 'old-1', publishedAt: hoursBefore(200) },
      { key: 'recent', publishedAt: hoursBefore(2) },
      { key: 'old-2', publishedAt: hoursBefore(169) },
      // Never published (the broker was away for weeks): the relay still owes it, whatever its age.
      { key: 'pending', publishedAt: null, createdAt: hoursBefore(500) },
      { key: 'edge', publishedAt: hoursBefore(167) },
    ]);
    const scheduler = new OutboxRetentionScheduler(new DataSourceTransactions(db()), { outboxRetentionMs: 168 * 3_600_000 }, fixedClock(NOW), outbox);
    expect(await scheduler.runDue()).toBe(false);
    expect(await keys()).toEqual(['recent', 'pending', 'edge']);
  });

  it('given more expired rows than a batch, when deleted, then one statement takes a bounded batch, oldest first, and says more may be left', async () => {
    await add([
      { key: 'c', publishedAt: hoursBefore(300) },
      { key: 'a', publishedAt: hoursBefore(500) },
      { key: 'b', publishedAt: hoursBefore(400) },
      { key: 'kept', publishedAt: hoursBefore(1) },
    ]);
    const cutoff = new Date(hoursBefore(168));
    expect(await outbox.deletePublished(db().manager, cutoff, 2)).toBe(2);
    expect(await keys()).toEqual(['c', 'kept']);
    expect(await outbox.deletePublished(db().manager, cutoff, 2)).toBe(1);
    expect(await outbox.deletePublished(db().manager, cutoff, 2)).toBe(0);
    expect(await keys()).toEqual(['kept']);
  });

  it('given a large outbox, then the pass finds expired rows through an index rather than reading the whole table', async () => {
    const plan: { 'QUERY PLAN': string }[] = await db().transaction(async (m) => {
      // On a handful of rows a sequential scan is cheapest; the question is whether the index can serve.
      await m.query(`SET LOCAL enable_seqscan = off`);
      return m.query(`EXPLAIN SELECT id FROM outbox WHERE published_at < $1 ORDER BY published_at LIMIT 5000`, [hoursBefore(168)]);
    });
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('outbox_published');
  });

  it('given the migration reverted, then the index is gone, and it comes back with the migration', async () => {
    const index = async () => (await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'outbox_published'`))[0].n;
    await revertThrough(db(), 'OutboxRetention1765130000000');
    expect(await index()).toBe(0);
    await db().runMigrations();
    expect(await index()).toBe(1);
  });
});
