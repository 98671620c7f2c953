import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team views (#24): an analyst may be in a team (an admin names it), and a saved queue filter is
 * either its owner's alone or shared with the owner's team, whose members see and apply it.
 */
export class TeamViews1765750000000 implements MigrationInterface {
  name = 'TeamViews1765750000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analyst ADD COLUMN team text CHECK (char_length(team) BETWEEN 1 AND 40)`);
    await db.query(`ALTER TABLE saved_filter ADD COLUMN visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'team'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE saved_filter DROP COLUMN visibility`);
    await db.query(`ALTER TABLE analyst DROP COLUMN team`);
  }
}
