import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assignment rules (#24): a supervisor routes the cases a rule fired on, a merchant was flagged on,
 * whose borrower reads a language, or whose score falls in a band, to one analyst. "Next case"
 * reads them; one analyst per match, so a second rule for the same match replaces the first.
 */
export class RoutingRules1765712400000 implements MigrationInterface {
  name = 'RoutingRules1765712400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE routing_rule (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('rule', 'merchant', 'language', 'band')),
        value text NOT NULL,
        analyst_id uuid NOT NULL REFERENCES analyst (id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, value)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE routing_rule`);
  }
}
