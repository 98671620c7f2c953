import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Borrower preferences, answer tokens and answers, case resolution, per-recipient deliveries. */
export class BorrowerAnswers1764200000000 implements MigrationInterface {
  name = 'BorrowerAnswers1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE account_preference (
        account_id text PRIMARY KEY,
        locale text CHECK (locale IN ('zh-CN', 'en')),
        channels text[],
        quiet_start time,
        quiet_end time,
        updated_at timestamptz NOT NULL
      )`);

    await db.query(`
      CREATE TABLE answer_token (
        id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('fraud', 'notice')),
        case_id uuid REFERENCES fraud_case (id),
        account_id text NOT NULL,
        alert_id uuid NOT NULL,
        reference_code text NOT NULL,
        locale text NOT NULL,
        summary jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        opened_at timestamptz,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX answer_token_reference ON answer_token (reference_code)`);

    await db.query(`
      CREATE TABLE borrower_answer (
        id bigserial PRIMARY KEY,
        case_id uuid REFERENCES fraud_case (id),
        token_id uuid REFERENCES answer_token (id),
        account_id text NOT NULL,
        answer text NOT NULL CHECK (answer IN ('me', 'not_me', 'continued')),
        via text NOT NULL CHECK (via IN ('link', 'app')),
        answered_at timestamptz NOT NULL DEFAULT now(),
        ip text,
        user_agent text
      )`);
    await db.query(`CREATE INDEX borrower_answer_case ON borrower_answer (case_id)`);

    await db.query(`ALTER TABLE fraud_case ADD COLUMN resolution text CHECK (resolution IN ('fraud_confirmed', 'legitimate', 'inconclusive'))`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN resolved_at timestamptz`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN borrower_answer text CHECK (borrower_answer IN ('me', 'not_me'))`);

    // Previous-contact routing sends one channel to several recipients: one row per recipient.
    await db.query(`ALTER TABLE delivery ADD COLUMN recipient_hash text NOT NULL DEFAULT ''`);
    await db.query(`ALTER TABLE delivery ADD COLUMN dedupe_key text`);
    await db.query(`UPDATE delivery SET dedupe_key = alert_id::text`);
    await db.query(`ALTER TABLE delivery ALTER COLUMN dedupe_key SET NOT NULL`);
    await db.query(`ALTER TABLE delivery DROP CONSTRAINT delivery_alert_id_channel_key`);
    await db.query(`CREATE UNIQUE INDEX delivery_once ON delivery (dedupe_key, channel, template, recipient_hash)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX delivery_once`);
    await db.query(`DELETE FROM delivery d USING delivery e WHERE d.alert_id = e.alert_id AND d.channel = e.channel AND d.id > e.id`);
    await db.query(`ALTER TABLE delivery ADD CONSTRAINT delivery_alert_id_channel_key UNIQUE (alert_id, channel)`);
    await db.query(`ALTER TABLE delivery DROP COLUMN dedupe_key`);
    await db.query(`ALTER TABLE delivery DROP COLUMN recipient_hash`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN borrower_answer`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN resolved_at`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN resolution`);
    await db.query(`DROP TABLE borrower_answer`);
    await db.query(`DROP TABLE answer_token`);
    await db.query(`DROP TABLE account_preference`);
  }
}
