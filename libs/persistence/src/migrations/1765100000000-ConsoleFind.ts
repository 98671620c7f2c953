import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the console's search and live updates look things up by.
 * - `account_contact.value_hash`: a contact is found by the hash of its normal form (an email
 *   trimmed and lower-cased, a phone as stored, in E.164), never by matching its plaintext. The
 *   column is generated, so every writer of contacts fills it; `contactHash` in TypeScript
 *   computes the same digest for a searched term.
 * - `fraud_case (account_id text_pattern_ops)`: an account id's prefix is a range scan.
 * - `fraud_case (updated_at)`: the live feed reads what changed since its watermark.
 */
export class ConsoleFind1765100000000 implements MigrationInterface {
  name = 'ConsoleFind1765100000000';

  async up(db: QueryRunner): Promise<void> {
    // Declared immutable: convert_to with a fixed encoding always gives the same bytes for the same text.
    await db.query(`
      CREATE FUNCTION sentinel_contact_hash(kind text, value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT encode(sha256(convert_to(CASE WHEN kind = 'email' THEN lower(btrim(value)) ELSE btrim(value) END, 'UTF8')), 'hex') $$`);
    await db.query(`ALTER TABLE account_contact ADD COLUMN value_hash text GENERATED ALWAYS AS (sentinel_contact_hash(kind, value)) STORED`);
    await db.query(`CREATE INDEX account_contact_value_hash ON account_contact (value_hash)`);
    await db.query(`CREATE INDEX fraud_case_account_prefix ON fraud_case (account_id text_pattern_ops)`);
    await db.query(`CREATE INDEX fraud_case_updated ON fraud_case (updated_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX fraud_case_updated`);
    await db.query(`DROP INDEX fraud_case_account_prefix`);
    await db.query(`ALTER TABLE account_contact DROP COLUMN value_hash`);
    await db.query(`DROP FUNCTION sentinel_contact_hash(text, text)`);
  }
}
