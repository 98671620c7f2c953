import { isolatedDataSource, revertThrough } from '@sentinel/testing';

describe('EntityIndex migration against Postgres', () => {
  const db = isolatedDataSource();

  const tables = async () =>
    (await db().query<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE tablename IN ('entity_link', 'entity_rollup_due') ORDER BY tablename`)).map(
      (r: { tablename: string }) => r.tablename,
    );

  it('adds the entity index with its lookups by entity and by account, and its queue; and reverts', async () => {
    await revertThrough(db(), 'EntityIndex1764900000000');
    expect(await tables()).toEqual([]);
    await db().runMigrations();
    expect(await tables()).toEqual(['entity_link', 'entity_rollup_due']);
    const indexes = await db().query<{ indexname: string; indexdef: string }[]>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'entity_link' ORDER BY indexname`);
    expect(indexes.map((i) => [i.indexname, i.indexdef.replace(/^.* USING btree /, '')])).toEqual([
      ['entity_link_account', '(account_id, kind)'],
      ['entity_link_entity', '(kind, value, account_id, at)'],
      // An event id is unique within its account (EventIdentityPerAccount).
      ['entity_link_pkey', '(account_id, event_id, kind)'],
    ]);
    // One row per event and kind: a redelivered event's links are kept once.
    const link = `('card', 'fp-1', 'acc-1', 'evt-1', 'card.bound', now(), false, true)`;
    await db().query(`INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ${link}`);
    await expect(db().query(`INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ${link}`)).rejects.toThrow(/duplicate key/);
    await expect(
      db().query(
        `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ('phone', 'x', 'acc-1', 'evt-2', 'device.login', now(), false, false)`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
