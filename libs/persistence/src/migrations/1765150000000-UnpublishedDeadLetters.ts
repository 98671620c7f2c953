import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters the dead-letter topic refused (too large for it, or the broker stayed away): kept
 * here so that producing a dead letter can never stop the partition that made it. Each row is
 * the letter as it would have been sent, already cut to what a dead letter may carry.
 */
export class UnpublishedDeadLetters1765150000000 implements MigrationInterface {
  name = 'UnpublishedDeadLetters1765150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE unpublished_dead_letter (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text NOT NULL,
        headers jsonb NOT NULL,
        value bytea NOT NULL,
        publish_error text NOT NULL,
        kept_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX unpublished_dead_letter_kept ON unpublished_dead_letter (kept_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE unpublished_dead_letter`);
  }
}
