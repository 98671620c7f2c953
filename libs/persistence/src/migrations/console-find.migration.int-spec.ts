import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { contactHash } from '../repositories/contact-hash';

describe('ConsoleFind migration against Postgres', () => {
  const db = isolatedDataSource();

  const insertContact = (kind: string, value: string, event: string) =>
    db().query(`INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id) VALUES ('acc-find', $1, $2, now(), $3)`, [kind, value, event]);

  it('hashes every stored contact as contactHash does, for search by hash; indexes prefixes and changes; and reverts', async () => {
    await insertContact('email', ' Li.Wei@Example.com', 'evt-old');
    await revertThrough(db(), 'ConsoleFind1765100000000');
    await db().runMigrations();
    // A contact stored before the migration is hashed by it, and so is one written after.
    await insertContact('phone', '+8613800138000', 'evt-new');
    const rows: { kind: 'phone' | 'email'; value: string; value_hash: string }[] = await db().query(
      `SELECT kind, value, value_hash FROM account_contact WHERE account_id = 'acc-find' ORDER BY kind`,
    );
    expect(rows.map((r) => r.value_hash)).toEqual([contactHash('email', 'li.wei@example.com'), contactHash('phone', '+8613800138000')]);
    for (const row of rows) expect(row.value_hash).toBe(contactHash(row.kind, row.value));
    const indexes: { indexname: string }[] = await db().query(
      `SELECT indexname FROM pg_indexes WHERE indexname IN ('account_contact_value_hash', 'fraud_case_account_prefix', 'fraud_case_updated') ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(['account_contact_value_hash', 'fraud_case_account_prefix', 'fraud_case_updated']);

    await revertThrough(db(), 'ConsoleFind1765100000000');
    const columns: unknown[] = await db().query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'account_contact' AND column_name = 'value_hash'`);
    expect(columns).toEqual([]);
    await db().runMigrations();
  });
});
