import type { MigrationInterface, QueryRunner } from 'typeorm';

interface StoredSettings {
  rules: Record<string, { enabled: boolean; severity: string; score: number; params: Record<string, number> }>;
  decisions: Record<string, number>;
}

const REASON = 'Precision defaults: a settled device counts after 24 h; the only card in repayment is context (30); a loan burst is evidence from the 4th loan (55, +15 each)';

// Frozen here, so this migration means the same whatever the rules' defaults become later.
// Each change applies only where a deployment still has the old default: an analyst's tuning stands.
const CHANGES: {
  ruleId: string;
  from: { score?: number; severity?: string; params?: Record<string, number> };
  to: { score?: number; severity?: string; params?: Record<string, number> };
}[] = [
  { ruleId: 'unbind.unknown-device', from: { params: { establishedAfterHours: 72 } }, to: { params: { establishedAfterHours: 24 } } },
  { ruleId: 'unbind.only-card-in-repayment', from: { score: 50 }, to: { score: 30 } },
  { ruleId: 'loan.velocity', from: { score: 40, severity: 'medium', params: { maxLoans: 3 } }, to: { score: 55, severity: 'high', params: { maxLoans: 4, perExtraLoan: 15 } } },
];

/**
 * Deployments seeded their first rule set from the defaults of their day. This publishes the
 * precision defaults as a new version, as an analyst's change would be, so the rules page and the
 * audit trail show what changed and an analyst can roll it back.
 */
export class PrecisionRuleDefaults1764810000000 implements MigrationInterface {
  name = 'PrecisionRuleDefaults1764810000000';

  async up(db: QueryRunner): Promise<void> {
    const [latest] = (await db.query(`SELECT version, settings FROM rule_set ORDER BY version DESC LIMIT 1`)) as { version: number; settings: StoredSettings }[];
    if (!latest) return; // A new deployment seeds today's defaults itself.
    const settings: StoredSettings = structuredClone(latest.settings);
    let changed = false;
    for (const { ruleId, from, to } of CHANGES) {
      const rule = settings.rules[ruleId];
      if (!rule) continue;
      const matches =
        (from.score === undefined || rule.score === from.score) &&
        (from.severity === undefined || rule.severity === from.severity) &&
        Object.entries(from.params ?? {}).every(([name, value]) => rule.params?.[name] === value);
      if (!matches) continue;
      settings.rules[ruleId] = {
        ...rule,
        ...(to.score === undefined ? {} : { score: to.score }),
        ...(to.severity === undefined ? {} : { severity: to.severity }),
        params: { ...rule.params, ...to.params },
      };
      changed = true;
    }
    if (!changed) return;
    await db.query(`INSERT INTO rule_set (version, settings, created_by, reason) VALUES ($1, $2, 'system', $3)`, [latest.version + 1, JSON.stringify(settings), REASON]);
  }

  async down(db: QueryRunner): Promise<void> {
    // Only while it is still the live version: one published after it was built on it.
    await db.query(`DELETE FROM rule_set WHERE reason = $1 AND version = (SELECT max(version) FROM rule_set)`, [REASON]);
  }
}
