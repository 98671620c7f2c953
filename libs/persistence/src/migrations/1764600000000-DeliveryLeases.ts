import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message being sent is `pending` with a lease (`next_attempt_at`) that its notifier renews while
 * the send lasts; a pending message whose lease ran out belongs to a notifier that died, and the
 * retry pass takes it. Rows left pending by a crash before leases existed are due at once.
 */
export class DeliveryLeases1764600000000 implements MigrationInterface {
  name = 'DeliveryLeases1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE delivery SET next_attempt_at = now() WHERE status = 'pending' AND next_attempt_at IS NULL`);
    await db.query(`DROP INDEX delivery_retry_due`);
    await db.query(`CREATE INDEX delivery_retry_due ON delivery (next_attempt_at) WHERE status IN ('retrying', 'held', 'pending')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX delivery_retry_due`);
    await db.query(`CREATE INDEX delivery_retry_due ON delivery (next_attempt_at) WHERE status IN ('retrying', 'held')`);
    // Before leases, a pending row was taken again by a redelivered alert, never by the retry pass.
    await db.query(`UPDATE delivery SET next_attempt_at = NULL WHERE status = 'pending'`);
  }
}
