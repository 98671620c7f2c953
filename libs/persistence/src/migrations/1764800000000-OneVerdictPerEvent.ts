import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event judged by deferred rules keeps the immediate phase's findings beside it, so that its
 * one verdict holds every hit (a score alone made cases whose hits did not add up); and a case
 * opened by events older than the alert horizon is marked historical (no borrower was told).
 */
export class OneVerdictPerEvent1764800000000 implements MigrationInterface {
  name = 'OneVerdictPerEvent1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN prior_hits jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN announced boolean NOT NULL DEFAULT false`);
    // Rows queued before this had only a score; what it stood for was written then, so they add to a told case.
    await db.query(`UPDATE deferred_evaluation SET announced = prior_score > 0`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN prior_score`);
    await db.query(`ALTER TABLE fraud_case ADD COLUMN historical boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fraud_case DROP COLUMN historical`);
    await db.query(`ALTER TABLE deferred_evaluation ADD COLUMN prior_score integer NOT NULL DEFAULT 0`);
    await db.query(
      `UPDATE deferred_evaluation SET prior_score = LEAST(100, (SELECT coalesce(sum((h->>'score')::int), 0) FROM jsonb_array_elements(prior_hits) AS h))`,
    );
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN announced`);
    await db.query(`ALTER TABLE deferred_evaluation DROP COLUMN prior_hits`);
  }
}
