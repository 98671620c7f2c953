import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A random key of this deployment's own, which every console instance reads: masked IPs carry a
 * short hash keyed with it (`203.0.113.*~3f9a`), so two IPs of one /24 stay apart on screen, the
 * same IP reads the same on every page and instance, and nobody without the key can tell the host.
 */
export class IpMaskKey1765221000000 implements MigrationInterface {
  name = 'IpMaskKey1765221000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE console_secret (name text PRIMARY KEY, value text NOT NULL)`);
    await db.query(
      `INSERT INTO console_secret (name, value)
       VALUES ('ip_mask_key', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE console_secret`);
  }
}
