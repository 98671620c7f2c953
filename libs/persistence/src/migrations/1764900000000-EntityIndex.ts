import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The entity index: which accounts each card fingerprint, device, IP and merchant or partner is
 * tied to, by which event and at what event time, written in the detector's batch transaction.
 * One row per (event, entity kind), so a redelivered event adds nothing; `judged` marks the links a
 * cross-account rule looks at. `entity_rollup_due`
 * queues the entities whose cross-account rules must be judged again, like `merchant_rollup_due`.
 */
export class EntityIndex1764900000000 implements MigrationInterface {
  name = 'EntityIndex1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE entity_link (
        kind text NOT NULL CHECK (kind IN ('card', 'device', 'ip', 'merchant')),
        value text NOT NULL,
        account_id text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        at timestamptz NOT NULL,
        sensitive boolean NOT NULL,
        judged boolean NOT NULL,
        holder_key text,
        PRIMARY KEY (event_id, kind)
      )`);
    // By entity (the rules, the console's pivot, and whether a login's link is already known that
    // day), and by account (what an account is tied to).
    await db.query(`CREATE INDEX entity_link_entity ON entity_link (kind, value, account_id, at)`);
    await db.query(`CREATE INDEX entity_link_account ON entity_link (account_id, kind)`);
    await db.query(`
      CREATE TABLE entity_rollup_due (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        value text NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE entity_rollup_due`);
    await db.query(`DROP TABLE entity_link`);
  }
}
