import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The detector's hot path, made lighter.
 *
 * Account state is the detector's own memory, read and rewritten whole for every batch that
 * touches the account and read by nothing else. As jsonb, Postgres parsed every rewrite into its
 * binary form and printed every read back to text, most of its share of a batch; as JSON text it
 * only stores and returns bytes. lz4 (where the server has it) compresses several times faster
 * than the default pglz for a row that is rewritten this often. `version` counts the writes, so a
 * detector can keep states in memory and fetch one again only when another instance wrote it since.
 */
/*
 * Merchant roll-ups leave the batch transaction: every new merchant flag queues its merchant in
 * `merchant_rollup_due` (plain inserts, which never wait on one another) and a scheduler rolls
 * the queued merchants up in short transactions of its own. Inside the batch, concurrent batches
 * queued behind each other's lock on the same popular merchant's row until commit.
 */
export class CompactState1764500000000 implements MigrationInterface {
  name = 'CompactState1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_state ALTER COLUMN state TYPE text USING state::text`);
    await db.query(`ALTER TABLE account_state ADD COLUMN version bigint NOT NULL DEFAULT 1`);
    if (await lz4Available(db)) await db.query(`ALTER TABLE account_state ALTER COLUMN state SET COMPRESSION lz4`);
    await db.query(`CREATE TABLE merchant_rollup_due (id bigserial PRIMARY KEY, merchant_id text NOT NULL, queued_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE merchant_rollup_due`);
    if (await lz4Available(db)) await db.query(`ALTER TABLE account_state ALTER COLUMN state SET COMPRESSION pglz`);
    await db.query(`ALTER TABLE account_state DROP COLUMN version`);
    await db.query(`ALTER TABLE account_state ALTER COLUMN state TYPE jsonb USING state::jsonb`);
  }
}

async function lz4Available(db: QueryRunner): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)`);
  return rows.length > 0;
}
