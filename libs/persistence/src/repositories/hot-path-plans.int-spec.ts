import { anEvent, isolatedDataSource } from '@sentinel/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { ContactsRepository } from './contacts.repository';
import { DeferredEvaluationsRepository } from './deferred-evaluations.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { EntityIndexRepository } from './entity-index.repository';
import { EventLogRepository } from './event-log.repository';

const BIG_TABLES = ['account_event', 'account_state', 'entity_link', 'account_contact', 'delivery', 'deferred_evaluation'];

/**
 * The detector's and the notifier's per-batch lookups must reach their rows by index whatever the
 * planner knows. On tables never analyzed (a new deployment, a bulk load before autovacuum's
 * pass, a Postgres run with autovacuum off) they once hashed whole tables: a batch of 40 events
 * took 100–500 ms, and an alert waited seconds. Each statement runs as the repositories send it,
 * after an EXPLAIN of the same text and parameters.
 */
describe('hot-path statements on tables without statistics', () => {
  const db = isolatedDataSource();
  const plans: { sql: string; plan: string }[] = [];

  /** A stand-in for the manager or data source that explains each statement on `on` before running it there. */
  const explaining = <T extends EntityManager | DataSource>(on: Pick<EntityManager, 'query'> = db()): T =>
    ({
      query: async (sql: string, params?: unknown[]) => {
        const [row] = await on.query<{ 'QUERY PLAN': unknown }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        plans.push({ sql, plan: JSON.stringify(row['QUERY PLAN']) });
        return on.query<unknown>(sql, params);
      },
    }) as unknown as T;

  /** The tables read whole by the plans of statements run since the last call. */
  const tablesScanned = () => {
    const scanned = plans.flatMap(({ plan }) => [...plan.matchAll(/"Node Type":"Seq Scan"[^{}]*?"Relation Name":"(\w+)"/g)].map((m) => m[1]));
    const explained = plans.length;
    plans.length = 0;
    expect(explained).toBeGreaterThan(0);
    return scanned.filter((table) => BIG_TABLES.includes(table));
  };

  beforeAll(async () => {
    for (const table of BIG_TABLES) await db().query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    // 40,000 events over 4,000 accounts, their links, snapshots, contacts, deliveries and queue; never analyzed.
    await db().query(
      `INSERT INTO account_event (id, account_id, type, occurred_at, channel, body, account_seq)
       SELECT 'e' || g, 'a' || (g % 4000), 'loan.opened', now() - make_interval(secs => g), 'app', jsonb_build_object('id', 'e' || g), g / 4000 + 1
         FROM generate_series(1, 40000) g`,
    );
    await db().query(`INSERT INTO account_state (account_id, snapshot_seq, state, updated_at) SELECT 'a' || g, 1, '{}', now() FROM generate_series(0, 3999) g`);
    await db().query(
      `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged)
       SELECT 'device', 'd' || (g % 5000), 'a' || (g % 4000), 'e' || g, 'loan.opened', now(), true, true FROM generate_series(1, 40000) g`,
    );
    await db().query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, valid_to, source_event_id)
       SELECT 'a' || (g % 4000), 'phone', '+861380000' || g, now() - interval '1 day', CASE WHEN g < 4000 THEN NULL ELSE now() END, 'c' || g
         FROM generate_series(0, 11999) g`,
    );
    await db().query(
      `INSERT INTO delivery (alert_id, account_id, channel, template, status, dedupe_key, recipient_hash, sent_at)
       SELECT gen_random_uuid(), 'a' || (g % 4000), 'email', 'fraud', 'sent', 'k' || g, 'h' || g, now() FROM generate_series(1, 20000) g`,
    );
    await db().query(
      `INSERT INTO deferred_evaluation (event_id, account_id, due_at, partition, prior_hits, announced)
       SELECT 'e' || g, 'a' || (g % 4000), now() + interval '1 hour', 0, '[]', false FROM generate_series(1, 20000) g`,
    );
    await db().query(
      `INSERT INTO deferred_evaluation (event_id, account_id, due_at, partition, prior_hits, announced) VALUES ('e20001', 'a1', now() - interval '1 s', 0, '[]', false)`,
    );
  });

  it('given the detector loading a batch, then states, snapshots and replays are read by index', async () => {
    const log = new EventLogRepository();
    const accounts = Array.from({ length: 40 }, (_, i) => `a${i * 7}`);
    await log.fetchStates(
      explaining(),
      accounts.map((accountId) => ({ accountId })),
    );
    await log.eventsAfterSnapshots(
      explaining(),
      accounts.map((accountId) => ({ accountId, after: 1, upTo: 10 })),
    );
    expect(tablesScanned()).toEqual([]);
  });

  it('given a deferred pass, then it takes its due rows and reads the events around them by index', async () => {
    await db().transaction(async (m) => {
      const due = await new DeferredEvaluationsRepository().takeDueDeferred(explaining(m), 10, 600_000);
      expect(due.map((d) => d.event.id)).toEqual(['e20001']);
    });
    const now = Date.now();
    await new EventLogRepository().eventsAround(
      explaining(),
      ['a1', 'a2', 'a3'].map((accountId) => ({ accountId, from: new Date(now - 86_400_000).toISOString(), to: new Date(now).toISOString() })),
    );
    expect(tablesScanned()).toEqual([]);
  });

  it('given ring roll-up and index writes, then links are found and deduplicated by index', async () => {
    const index = new EntityIndexRepository();
    await index.judgedLinks(explaining(), [
      { kind: 'device', value: 'd1' },
      { kind: 'device', value: 'd2' },
    ]);
    await index.record(
      explaining(),
      [{ kind: 'device', value: 'd3', accountId: 'a3', eventId: 'new-1', eventType: 'device.login', at: new Date().toISOString(), sensitive: false }],
      () => false,
    );
    expect(tablesScanned()).toEqual([]);
  });

  it('given contact changes in a batch, then the current contacts they replace are found by index', async () => {
    await new ContactsRepository().applyContactChanges(explaining(), [
      anEvent('contact.changed', { accountId: 'a5', payload: { kind: 'phone', value: '+8613900000005' } }),
      anEvent('contact.changed', { accountId: 'a6', payload: { kind: 'phone', value: '+8613900000006' } }),
    ]);
    expect(tablesScanned()).toEqual([]);
  });

  it("given the notifier's batch of alerts, then recipients and daily counts are read by index", async () => {
    const deliveries = new DeliveriesRepository(explaining<DataSource>());
    const accounts = ['a10', 'a11', 'a12'];
    expect((await deliveries.recipientsOf(accounts, 7)).get('a10')?.length).toBeGreaterThan(0);
    expect((await deliveries.sentTodayOf(accounts)).get('a10')).toBeGreaterThan(0);
    expect(tablesScanned()).toEqual([]);
  });
});
