import type { AccountEvent } from '@sentinel/contracts';
import type { AccountState } from '@sentinel/rules';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The detector's hot path, made lighter.
 *
 * An account's state is a fold of its recorded events, and `account_event` already keeps them, so
 * `account_state.state` becomes a snapshot: the fold up to `snapshot_seq`. Every recorded event
 * gets the next number of its account (`account_seq`, gaps allowed) and `head_seq` is the last
 * number given; the current state is the snapshot plus the events after it, replayed. A batch
 * moves `head_seq` and rewrites the snapshot only every so many events, instead of rewriting the
 * whole state, tens of KiB for an active account, every time. A detector keeps states in memory
 * and replays nothing while its `head_seq` is the stored one; the unique (account_id, account_seq)
 * makes two instances that both think they own an account (a rebalance) fail one batch and retry
 * rather than fork its history. Events recorded before this migration have no number: the
 * snapshots already hold them.
 *
 * The snapshot is JSON text, not jsonb: read by nothing but the detector, it need not be parsed
 * into Postgres's binary form on every write and printed back on every read. lz4 (where the server
 * has it) compresses several times faster than the default pglz.
 *
 * Merchant roll-ups leave the batch transaction: every new merchant flag queues its merchant in
 * `merchant_rollup_due` (plain inserts, which never wait on one another) and a scheduler rolls the
 * queued merchants up in short transactions of its own. Inside the batch, concurrent batches
 * queued behind each other's lock on a popular merchant's row until they committed.
 */
export class StateSnapshots1764500000000 implements MigrationInterface {
  name = 'StateSnapshots1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_state ALTER COLUMN state TYPE text USING state::text`);
    await db.query(`ALTER TABLE account_state ADD COLUMN snapshot_seq bigint NOT NULL DEFAULT 0, ADD COLUMN head_seq bigint NOT NULL DEFAULT 0`);
    if (await lz4Available(db)) await db.query(`ALTER TABLE account_state ALTER COLUMN state SET COMPRESSION lz4`);
    await db.query(`ALTER TABLE account_event ADD COLUMN account_seq bigint`);
    await db.query(`CREATE UNIQUE INDEX account_event_replay ON account_event (account_id, account_seq) WHERE account_seq IS NOT NULL`);
    await db.query(`CREATE TABLE merchant_rollup_due (id bigserial PRIMARY KEY, merchant_id text NOT NULL, queued_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE merchant_rollup_due`);
    if (await lz4Available(db)) await db.query(`ALTER TABLE account_state ALTER COLUMN state SET COMPRESSION pglz`);
    // Back to whole states: fold every snapshot that lags its head forward first. Loaded here, not
    // at the top, so that migrating up never loads the rules.
    const { evolve, upgradeState } = await import('@sentinel/rules');
    for (;;) {
      const behind = (await db.query(`SELECT account_id, state, snapshot_seq, head_seq FROM account_state WHERE head_seq > snapshot_seq ORDER BY account_id LIMIT 500`)) as {
        account_id: string;
        state: string;
        snapshot_seq: string;
        head_seq: string;
      }[];
      if (behind.length === 0) break;
      for (const row of behind) {
        const events = (await db.query(`SELECT body FROM account_event WHERE account_id = $1 AND account_seq > $2 AND account_seq <= $3 ORDER BY account_seq`, [
          row.account_id,
          row.snapshot_seq,
          row.head_seq,
        ])) as { body: AccountEvent }[];
        const state = events.reduce((s: AccountState, e) => evolve(s, e.body), upgradeState(JSON.parse(row.state) as AccountState));
        await db.query(`UPDATE account_state SET state = $2, snapshot_seq = head_seq WHERE account_id = $1`, [row.account_id, JSON.stringify(state)]);
      }
    }
    await db.query(`ALTER TABLE account_state DROP COLUMN snapshot_seq, DROP COLUMN head_seq`);
    await db.query(`DROP INDEX account_event_replay`);
    await db.query(`ALTER TABLE account_event DROP COLUMN account_seq`);
    await db.query(`ALTER TABLE account_state ALTER COLUMN state TYPE jsonb USING state::jsonb`);
  }
}

async function lz4Available(db: QueryRunner): Promise<boolean> {
  const rows = (await db.query(`SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)`)) as unknown[];
  return rows.length > 0;
}
