import { PostgresPair, pollUntil } from '@sentinel/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source-options';
import { ensureDatabase } from '../migrate';

/**
 * A multi-host DATABASE_URL against a real primary and synchronous standby: the pool writes to
 * the primary, a commit acknowledged before the primary dies is on the standby, and after the
 * promotion new connections find the new primary without a restart.
 */
describe('a multi-host DATABASE_URL across a promotion', () => {
  const pair = new PostgresPair();
  let db: DataSource | undefined;

  beforeAll(() => pair.start(), 90_000);
  afterAll(async () => {
    await db?.destroy().catch(() => undefined);
    await pair.dispose();
  }, 60_000);

  it('writes to the primary, then to the promoted standby, and loses nothing acknowledged', async () => {
    const url = pair.url('failover_test');
    // Created through the multi-host URL: on the primary, and so on the standby.
    await ensureDatabase(url);
    db = await new DataSource({ ...dataSourceOptions(url, 2), entities: [], migrations: [] }).initialize();
    await db.query('CREATE TABLE acked (n int PRIMARY KEY)');
    await db.query('INSERT INTO acked SELECT generate_series(1, 100)');
    expect(await db.query('SELECT inet_server_port() AS port')).toEqual([{ port: pair.primary.port }]);

    pair.crash();
    await pair.promote();

    // The pool's connections died with the primary; the next ones go to the promoted standby.
    await pollUntil(
      async () => {
        try {
          await db!.query('INSERT INTO acked VALUES (101)');
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 30_000, what: 'a write to succeed after the promotion' },
    );
    expect(await db.query('SELECT inet_server_port() AS port')).toEqual([{ port: pair.standby.port }]);
    expect(await db.query('SELECT count(*)::int AS n FROM acked')).toEqual([{ n: 101 }]);
  }, 90_000);
});
