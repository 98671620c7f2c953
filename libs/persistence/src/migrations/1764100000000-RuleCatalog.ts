import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Versioned rule sets, the audit trail, deferred evaluation, ID-document reminders, merchant roll-up. */
export class RuleCatalog1764100000000 implements MigrationInterface {
  name = 'RuleCatalog1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fraud_case ADD COLUMN priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high'))`);
    await db.query(`CREATE INDEX fraud_case_priority ON fraud_case (priority, opened_at) WHERE status <> 'resolved'`);
    await db.query(`ALTER TABLE delivery ALTER COLUMN case_id DROP NOT NULL`);

    await db.query(`
      CREATE TABLE rule_set (
        version integer PRIMARY KEY,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        reason text
      )`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await db.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at)`);
    // The trail is evidence: no code path, and no API, may rewrite it.
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);

    await db.query(`
      CREATE TABLE deferred_evaluation (
        event_id text PRIMARY KEY REFERENCES account_event (id),
        account_id text NOT NULL,
        due_at timestamptz NOT NULL,
        prior_score integer NOT NULL DEFAULT 0
      )`);
    await db.query(`CREATE INDEX deferred_evaluation_due ON deferred_evaluation (due_at)`);

    await db.query(`
      CREATE TABLE document_expiry (
        account_id text PRIMARY KEY,
        document_type text NOT NULL,
        expires_on date NOT NULL,
        reminded_days integer[] NOT NULL DEFAULT '{}',
        expired_notified boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX document_expiry_due ON document_expiry (expires_on) WHERE NOT expired_notified`);

    await db.query(`
      CREATE TABLE merchant_flag (
        id bigserial PRIMARY KEY,
        merchant_id text NOT NULL,
        account_id text NOT NULL,
        event_id text NOT NULL,
        case_id uuid,
        reason text NOT NULL CHECK (reason IN ('flagged', 'not_me')),
        at timestamptz NOT NULL,
        UNIQUE (merchant_id, event_id, reason)
      )`);
    await db.query(`CREATE INDEX merchant_flag_window ON merchant_flag (merchant_id, at)`);

    await db.query(`
      CREATE TABLE flagged_merchant (
        merchant_id text PRIMARY KEY,
        accounts text[] NOT NULL,
        flags integer NOT NULL,
        not_me integer NOT NULL,
        explanation jsonb NOT NULL,
        rule_set_version integer NOT NULL,
        first_flagged_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE flagged_merchant`);
    await db.query(`DROP TABLE merchant_flag`);
    await db.query(`DROP TABLE document_expiry`);
    await db.query(`DROP TABLE deferred_evaluation`);
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP FUNCTION audit_log_append_only`);
    await db.query(`DROP TABLE rule_set`);
    await db.query(`DELETE FROM delivery WHERE case_id IS NULL`);
    await db.query(`ALTER TABLE delivery ALTER COLUMN case_id SET NOT NULL`);
    await db.query(`DROP INDEX fraud_case_priority`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN priority`);
  }
}
