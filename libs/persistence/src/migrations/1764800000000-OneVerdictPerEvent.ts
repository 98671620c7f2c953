import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event judged by deferred rules keeps the immediate phase's findings beside it, so that its
 * one verdict holds every hit (a score alone made cases whose hits did not add up). A judgement
 * queued while its partition had a backlog has no due time yet: the lateness window starts once
 * the partition has caught up (`partition`), so events still in the backlog are on record first.
 * And a case opened by events older than the alert horizon is marked historical.
 */
export class OneVerdictPerEvent1764800000000 implements MigrationInterface {
  name = 'OneVerdictPerEvent1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN prior_hits jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN announced boolean NOT NULL DEFAULT false`);
    // Rows queued before this had only a score; what it stood for was written then, so they add to a told case.
    await db.query(`UPDATE deferred_evaluation SET announced = prior_score > 0`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN prior_score`);
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN partition integer`);
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN queued_at timestamptz NOT NULL DEFAULT now()`);
    await db.query(`ALTER TABLE deferred_evaluation ALTER COLUMN due_at DROP NOT NULL`);
    await db.query(`CREATE INDEX deferred_evaluation_waiting ON deferred_evaluation (partition) WHERE due_at IS NULL`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN historical boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fraud_case DROP COLUMN historical`);
    await db.query(`DROP INDEX deferred_evaluation_waiting`);
    await db.query(`UPDATE deferred_evaluation SET due_at = now() WHERE due_at IS NULL`);
    await db.query(`ALTER TABLE deferred_evaluation ALTER COLUMN due_at SET NOT NULL`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN queued_at`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN partition`);
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN prior_score integer NOT NULL DEFAULT 0`);
    await db.query(`UPDATE deferred_evaluation SET prior_score = LEAST(100, (SELECT coalesce(sum((h->>'score')::int), 0) FROM jsonb_array_elements(prior_hits) AS h))`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN announced`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN prior_hits`);
  }
}
