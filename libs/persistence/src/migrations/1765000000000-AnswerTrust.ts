import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which contact each answer link went to and since when that contact was on file, and what each
 * borrower answer did to its case: after a takeover the current contact is the attacker's, so a
 * "was me" through it must not close the case.
 */
export class AnswerTrust1765000000000 implements MigrationInterface {
  name = 'AnswerTrust1765000000000';

  async up(db: QueryRunner): Promise<void> {
    // Null for links issued before this migration: their contact is unknown, so not trusted.
    await db.query(`ALTER TABLE answer_token ADD COLUMN recipient_channel text CHECK (recipient_channel IN ('email', 'sms'))`);
    await db.query(`ALTER TABLE answer_token ADD COLUMN recipient_since timestamptz`);
    await db.query(
      `ALTER TABLE borrower_answer ADD COLUMN outcome text NOT NULL DEFAULT 'applied'
         CHECK (outcome IN ('applied', 'unverified', 'case_claimed', 'case_resolved'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE borrower_answer DROP COLUMN outcome`);
    await db.query(`ALTER TABLE answer_token DROP COLUMN recipient_since`);
    await db.query(`ALTER TABLE answer_token DROP COLUMN recipient_channel`);
  }
}
