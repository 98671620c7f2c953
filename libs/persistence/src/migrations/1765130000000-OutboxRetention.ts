import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published outbox rows are deleted once past their retention, oldest first, a bounded batch at a
 * time: this index finds them without reading the rows still within it. Partial, so the relay's
 * inserts of pending rows do not touch it.
 */
export class OutboxRetention1765130000000 implements MigrationInterface {
  name = 'OutboxRetention1765130000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_published`);
  }
}
