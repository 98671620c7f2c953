import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ring is one investigation (#24): the cases of accounts linked through shared entities, grouped
 * under the case it was opened from, with one page and one decision. A case is in one group at most.
 */
export class RingInvestigations1765770000000 implements MigrationInterface {
  name = 'RingInvestigations1765770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ring_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        anchor_case_id uuid NOT NULL REFERENCES fraud_case (id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE ring_group_case (
        group_id uuid NOT NULL REFERENCES ring_group (id) ON DELETE CASCADE,
        case_id uuid NOT NULL UNIQUE REFERENCES fraud_case (id),
        PRIMARY KEY (group_id, case_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ring_group_case`);
    await db.query(`DROP TABLE ring_group`);
  }
}
