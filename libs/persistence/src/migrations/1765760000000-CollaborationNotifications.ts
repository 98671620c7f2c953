import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live collaboration (#24): besides SLA breaches, an analyst is notified when a note @mentions them
 * and when a case is assigned to them or taken from them, with who did it (`by_name`) and the note
 * or the reason given (`detail`, masked as typed). Several of one kind may concern one case; an SLA
 * breach is still told once.
 */
export class CollaborationNotifications1765760000000 implements MigrationInterface {
  name = 'CollaborationNotifications1765760000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analyst_notification DROP CONSTRAINT analyst_notification_analyst_id_kind_case_id_key`);
    await db.query(`CREATE UNIQUE INDEX analyst_notification_one_breach ON analyst_notification (analyst_id, case_id) WHERE kind = 'sla_breach'`);
    await db.query(`ALTER TABLE analyst_notification DROP CONSTRAINT analyst_notification_kind_check`);
    await db.query(`ALTER TABLE analyst_notification ADD CONSTRAINT analyst_notification_kind_check CHECK (kind IN ('sla_breach', 'mention', 'assigned', 'unassigned'))`);
    await db.query(`ALTER TABLE analyst_notification ADD COLUMN by_name text, ADD COLUMN detail text`);
    // The live feed re-reads the last seconds' notifications.
    await db.query(`CREATE INDEX analyst_notification_recent ON analyst_notification (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX analyst_notification_recent`);
    await db.query(`DELETE FROM analyst_notification WHERE kind <> 'sla_breach'`);
    await db.query(`ALTER TABLE analyst_notification DROP COLUMN by_name, DROP COLUMN detail`);
    await db.query(`ALTER TABLE analyst_notification DROP CONSTRAINT analyst_notification_kind_check`);
    await db.query(`ALTER TABLE analyst_notification ADD CONSTRAINT analyst_notification_kind_check CHECK (kind IN ('sla_breach'))`);
    await db.query(`DROP INDEX analyst_notification_one_breach`);
    await db.query(`ALTER TABLE analyst_notification ADD CONSTRAINT analyst_notification_analyst_id_kind_case_id_key UNIQUE (analyst_id, kind, case_id)`);
  }
}
