import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account's head (the number of its last recorded event) is read off `account_event` through
 * its unique (account_id, account_seq) index instead of being stored: every batch wrote and
 * row-locked an `account_state` row per account to move it, most of the detector's writes after
 * the events themselves. `account_state` keeps snapshots only, and a new account has no row until
 * its first snapshot is due (the empty state before it).
 */
export class DerivedHeads1764700000000 implements MigrationInterface {
  name = 'DerivedHeads1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_state DROP COLUMN head_seq`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_state ADD COLUMN head_seq bigint NOT NULL DEFAULT 0`);
    await db.query(
      `UPDATE account_state s SET head_seq = m.head_seq
         FROM (SELECT account_id, max(account_seq) AS head_seq FROM account_event WHERE account_seq IS NOT NULL GROUP BY account_id) m
        WHERE m.account_id = s.account_id`,
    );
    // Stored heads again: an account with numbered events and no row would be taken for a new one
    // and numbered from 1 once more. Each gets the empty state as its snapshot, at 0.
    const missing = (await db.query(
      `SELECT account_id, max(account_seq) AS head_seq FROM account_event e
        WHERE account_seq IS NOT NULL AND NOT EXISTS (SELECT 1 FROM account_state s WHERE s.account_id = e.account_id)
        GROUP BY account_id`,
    )) as { account_id: string; head_seq: string }[];
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      await db.query(
        `INSERT INTO account_state (account_id, state, snapshot_seq, head_seq)
         SELECT unnest($1::text[]), unnest(string_to_array($2::text, E'\\x1e')), 0, unnest($3::bigint[])`,
        [chunk.map((r) => r.account_id), chunk.map((r) => JSON.stringify(emptyAccountState(r.account_id))).join('\x1e'), chunk.map((r) => r.head_seq)],
      );
    }
  }
}

/**
 * The empty account state as the rules defined it when this migration was written, frozen here so
 * that the migration does not change when the rules do (the detector reads a stored state through
 * `upgradeState`, which fills in any field added since).
 */
function emptyAccountState(accountId: string): Record<string, unknown> {
  return { accountId, eventCount: 0, devices: {}, ips: {}, cards: {}, unboundCards: {}, loans: [], recent: [], contactKinds: [] };
}
