import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a case was closed, in words the metrics can count (a fixed list, not free text), and each
 * analyst's saved queue filters.
 */
export class CaseWorkflow1765110000000 implements MigrationInterface {
  name = 'CaseWorkflow1765110000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE fraud_case
        ADD COLUMN resolution_reason text CHECK (resolution_reason IN
          ('confirmed_fraud', 'borrower_denied', 'borrower_confirmed', 'false_positive', 'duplicate', 'unreachable', 'other')),
        ADD COLUMN resolution_note text`);
    // The one closure whose reason is known after the fact: the borrower's own "was me".
    await db.query(`UPDATE fraud_case SET resolution_reason = 'borrower_confirmed' WHERE status = 'resolved' AND resolution = 'legitimate' AND borrower_answer = 'me'`);
    await db.query(`
      CREATE TABLE saved_filter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        analyst_id uuid NOT NULL REFERENCES analyst (id) ON DELETE CASCADE,
        name text NOT NULL,
        query text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (analyst_id, name)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE saved_filter`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN resolution_note, DROP COLUMN resolution_reason`);
  }
}
