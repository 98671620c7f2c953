import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retries with backoff, held messages (grouping, quiet hours), dead letters, provider status from
 * callbacks, case notes, escalation of unanswered alerts, notices the borrower acted on.
 */
export class DeliveryRetries1764300000000 implements MigrationInterface {
  name = 'DeliveryRetries1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery DROP CONSTRAINT delivery_status_check`);
    await db.query(`ALTER TABLE delivery ADD CONSTRAINT delivery_status_check CHECK (status IN ('pending', 'held', 'sent', 'failed', 'skipped', 'retrying', 'dead'))`);
    await db.query(`ALTER TABLE delivery ADD COLUMN payload jsonb`);
    await db.query(`ALTER TABLE delivery ADD COLUMN sent_at timestamptz`);
    await db.query(`ALTER TABLE delivery ADD COLUMN next_attempt_at timestamptz`);
    await db.query(`ALTER TABLE delivery ADD COLUMN provider_status text`);
    await db.query(`CREATE INDEX delivery_retry_due ON delivery (next_attempt_at) WHERE status IN ('retrying', 'held')`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN unreachable boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE document_expiry ADD COLUMN borrower_acted_at timestamptz`);
    await db.query(`CREATE INDEX delivery_provider_message ON delivery (provider_message_id) WHERE provider_message_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE delivery_attempt (
        id bigserial PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES delivery (id),
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        channel text NOT NULL,
        status text NOT NULL,
        provider_message_id text,
        error text
      )`);
    await db.query(`CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, attempt)`);

    await db.query(`
      CREATE TABLE case_note (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES fraud_case (id),
        author text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX case_note_case ON case_note (case_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE document_expiry DROP COLUMN borrower_acted_at`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN unreachable`);
    await db.query(`ALTER TABLE delivery DROP COLUMN sent_at`);
    await db.query(`DROP TABLE case_note`);
    await db.query(`DROP TABLE delivery_attempt`);
    await db.query(`DROP INDEX delivery_provider_message`);
    await db.query(`DROP INDEX delivery_retry_due`);
    await db.query(`ALTER TABLE delivery DROP COLUMN provider_status`);
    await db.query(`ALTER TABLE delivery DROP COLUMN next_attempt_at`);
    await db.query(`ALTER TABLE delivery DROP COLUMN payload`);
    await db.query(`UPDATE delivery SET status = 'failed' WHERE status IN ('retrying', 'dead', 'held')`);
    await db.query(`ALTER TABLE delivery DROP CONSTRAINT delivery_status_check`);
    await db.query(`ALTER TABLE delivery ADD CONSTRAINT delivery_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped'))`);
  }
}
