import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA that acts (#24): a case left unresolved past CASE_SLA_MINUTES is escalated by the console's
 * SLA pass. `sla_escalated_at` marks the cases it escalated (once each: the pass only takes cases
 * where it is null), and each enabled supervisor gets a notification to read.
 */
export class SlaEscalation1765730000000 implements MigrationInterface {
  name = 'SlaEscalation1765730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fraud_case ADD COLUMN sla_escalated_at timestamptz`);
    // The pass's own search: unresolved, never escalated, oldest first.
    await db.query(`CREATE INDEX fraud_case_sla_due ON fraud_case (opened_at) WHERE status <> 'resolved' AND escalated_at IS NULL AND sla_escalated_at IS NULL`);
    await db.query(`
      CREATE TABLE analyst_notification (
        id bigserial PRIMARY KEY,
        analyst_id uuid NOT NULL REFERENCES analyst (id),
        kind text NOT NULL CHECK (kind IN ('sla_breach')),
        case_id uuid NOT NULL REFERENCES fraud_case (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (analyst_id, kind, case_id)
      )`);
    await db.query(`CREATE INDEX analyst_notification_unread ON analyst_notification (analyst_id, id) WHERE read_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE analyst_notification`);
    await db.query(`DROP INDEX fraud_case_sla_due`);
    await db.query(`ALTER TABLE fraud_case DROP COLUMN sla_escalated_at`);
  }
}
