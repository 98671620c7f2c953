import type { MigrationInterface, QueryRunner } from 'typeorm';

interface StoredSettings {
  rules: Record<string, unknown>;
  decisions: Record<string, number>;
}

const REASON = 'Ranked scores (#21): the score is bounded, 100·(1 − 2^(−weight/50)), so the case band (urgent) starts at 80, weight 116, where the capped sum started at 90';

/**
 * The score is no longer a sum capped at 100 but a bounded curve that keeps ranking; on it the old
 * urgent band of 90 would take a weight of 166, so few events would ever be a case. This
 * publishes urgent at 80 as a new rule-set version, as an analyst's change would be, where a
 * deployment still has the old default; an analyst's own band stands.
 */
export class RankedScoreBands1765225000000 implements MigrationInterface {
  name = 'RankedScoreBands1765225000000';

  async up(db: QueryRunner): Promise<void> {
    const [latest] = (await db.query(`SELECT version, settings FROM rule_set ORDER BY version DESC LIMIT 1`)) as { version: number; settings: StoredSettings }[];
    if (!latest || latest.settings.decisions?.urgent !== 90) return; // New deployments seed today's defaults.
    const settings: StoredSettings = { ...latest.settings, decisions: { ...latest.settings.decisions, urgent: 80 } };
    await db.query(`INSERT INTO rule_set (version, settings, created_by, reason) VALUES ($1, $2, 'system', $3)`, [latest.version + 1, JSON.stringify(settings), REASON]);
  }

  async down(db: QueryRunner): Promise<void> {
    // Only while it is still the live version: one published after it was built on it.
    await db.query(`DELETE FROM rule_set WHERE reason = $1 AND version = (SELECT max(version) FROM rule_set)`, [REASON]);
  }
}
