import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes (#24): a rule-set publication, and confirmed fraud on a case above FOUR_EYES_AMOUNT,
 * wait here until a second person approves or rejects them. One pending request per subject (the
 * rule set; a case), so two requesters cannot race two different outcomes past one approver.
 */
export class FourEyes1765740000000 implements MigrationInterface {
  name = 'FourEyes1765740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE approval_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('rule_set', 'case_resolution')),
        subject text NOT NULL,
        payload jsonb NOT NULL,
        requested_by text NOT NULL,
        requester_id uuid NOT NULL REFERENCES analyst (id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by text,
        decider_id uuid REFERENCES analyst (id),
        decided_at timestamptz,
        decision_note text
      )`);
    await db.query(`CREATE UNIQUE INDEX approval_request_one_pending ON approval_request (kind, subject) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX approval_request_pending ON approval_request (requested_at) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE approval_request`);
  }
}
