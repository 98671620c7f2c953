import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

describe('DeliveryLeases migration against Postgres', () => {
  const db = isolatedDataSource();

  const dueIndex = async () => (await db().query<{ def: string }[]>(`SELECT pg_get_indexdef('delivery_retry_due'::regclass) AS def`))[0].def;

  it('makes a message a crash left pending, unleased, due for the retry pass; and reverts', async () => {
    await revertThrough(db(), 'DeliveryLeases1764600000000');
    expect(await dueIndex()).not.toContain('pending');
    const dedupeKey = randomUUID();
    await db().query(
      `INSERT INTO delivery (alert_id, account_id, channel, template, recipient_hash, dedupe_key, status)
       VALUES ($1, 'acc-lease', 'email', 'fraud-alert', 'h', $2, 'pending'), ($1, 'acc-lease', 'sms', 'fraud-alert', 'h', $2, 'sent')`,
      [randomUUID(), dedupeKey],
    );

    await db().runMigrations();
    expect(await dueIndex()).toContain('pending');
    const rows = await db().query<{ channel: string; due: boolean | null }[]>(
      `SELECT channel, next_attempt_at <= now() AS due FROM delivery WHERE dedupe_key = $1 ORDER BY channel`,
      [dedupeKey],
    );
    expect(rows).toEqual([
      { channel: 'email', due: true },
      { channel: 'sms', due: null },
    ]);
    // The retry pass finds it through the index's condition.
    const [{ n }] = await db().query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM delivery WHERE status IN ('retrying', 'held', 'pending') AND next_attempt_at <= now() AND dedupe_key = $1`,
      [dedupeKey],
    );
    expect(n).toBe(1);
  });
});
