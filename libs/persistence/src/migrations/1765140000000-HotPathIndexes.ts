import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two lookups every alert makes, by account, that had no index of their own and so read whole
 * tables as they grew: the messages sent to an account in the last day (its daily limit), and
 * its contacts, current and replaced (who to tell). Partial where only some rows are ever asked.
 */
export class HotPathIndexes1765140000000 implements MigrationInterface {
  name = 'HotPathIndexes1765140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX delivery_account_sent ON delivery (account_id, sent_at) WHERE status = 'sent'`);
    await db.query(`CREATE INDEX account_contact_account ON account_contact (account_id, kind, value)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX account_contact_account`);
    await db.query(`DROP INDEX delivery_account_sent`);
  }
}
