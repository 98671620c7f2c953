import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalystConsole1764400000000 implements MigrationInterface {
  name = 'AnalystConsole1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analyst (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username = lower(username)),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('analyst', 'supervisor', 'admin')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The cookie carries a random token; only its SHA-256 is stored, so a database read yields no live session.
    await db.query(`
      CREATE TABLE analyst_session (
        token_hash text PRIMARY KEY,
        analyst_id uuid NOT NULL REFERENCES analyst (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await db.query(`CREATE INDEX analyst_session_analyst ON analyst_session (analyst_id)`);

    await db.query(`ALTER TABLE fraud_case ADD COLUMN assignee_id uuid REFERENCES analyst (id)`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN claimed_at timestamptz`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN escalated_at timestamptz`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN escalated_by text`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN first_action_at timestamptz`);
    await db.query(`CREATE INDEX fraud_case_assignee ON fraud_case (assignee_id, opened_at DESC) WHERE status <> 'resolved'`);
    await db.query(`CREATE INDEX fraud_case_opened ON fraud_case (opened_at DESC, id DESC)`);
    await db.query(`CREATE INDEX fraud_case_resolved ON fraud_case (resolved_at) WHERE resolved_at IS NOT NULL`);
    await db.query(`CREATE INDEX rule_hit_rule ON rule_hit (rule_id, case_id)`);
    await db.query(`CREATE INDEX merchant_flag_case ON merchant_flag (case_id, merchant_id)`);
    await db.query(`ALTER TABLE case_note ADD COLUMN author_id uuid REFERENCES analyst (id)`);

    // A known-benign pattern: one rule quiet for one account until a date.
    await db.query(`
      CREATE TABLE rule_snooze (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id text NOT NULL,
        rule_id text NOT NULL,
        until timestamptz NOT NULL,
        reason text NOT NULL,
        case_id uuid REFERENCES fraud_case (id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        lifted_at timestamptz,
        lifted_by text
      )`);
    await db.query(`CREATE INDEX rule_snooze_active ON rule_snooze (account_id, until) WHERE lifted_at IS NULL`);
    await db.query(`CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_log_at`);
    await db.query(`DROP TABLE rule_snooze`);
    await db.query(`ALTER TABLE case_note DROP COLUMN author_id`);
    await db.query(`DROP INDEX merchant_flag_case`);
    await db.query(`DROP INDEX rule_hit_rule`);
    await db.query(`DROP INDEX fraud_case_resolved`);
    await db.query(`DROP INDEX fraud_case_opened`);
    await db.query(`DROP INDEX fraud_case_assignee`);
    for (const column of ['first_action_at', 'escalated_by', 'escalated_at', 'claimed_at', 'assignee_id']) {
      await db.query(`ALTER TABLE fraud_case DROP COLUMN ${column}`);
    }
    await db.query(`DROP TABLE analyst_session`);
    await db.query(`DROP TABLE analyst`);
  }
}
