import type { RuleSet, RuleSettings } from './rule-set';

/** One field that differs between two versions: its value in each (absent in one: `undefined`). */
interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface RuleSetDiff {
  fromVersion: number;
  toVersion: number;
  /** Only rules with a difference, in id order; a rule present in one version alone is a change too. */
  rules: { ruleId: string; changes: FieldChange[] }[];
  decisions: FieldChange[];
}

const SCALARS = ['enabled', 'severity', 'score'] as const satisfies readonly (keyof RuleSettings)[];

/**
 * What changed from one rule-set version to another, field by field: enabled, severity, score and
 * each parameter as `params.<name>`, and the decision bands. Both versions should be complete
 * (completeRuleSet) so a rule added to the catalog since one was stored shows its defaults rather
 * than a spurious appearance. Fields equal in both are left out: nothing unchanged reads as erased.
 */
export function diffRuleSets(from: RuleSet, to: RuleSet): RuleSetDiff {
  const ids = [...new Set([...Object.keys(from.rules), ...Object.keys(to.rules)])].sort();
  const rules = ids.map((ruleId) => ({ ruleId, changes: diffRule(from.rules[ruleId], to.rules[ruleId]) })).filter((rule) => rule.changes.length > 0);
  const bands = [...new Set([...Object.keys(from.decisions), ...Object.keys(to.decisions)])] as (keyof RuleSet['decisions'])[];
  const decisions = bands.filter((band) => from.decisions[band] !== to.decisions[band]).map((band) => ({ field: band, from: from.decisions[band], to: to.decisions[band] }));
  return { fromVersion: from.version, toVersion: to.version, rules, decisions };
}

function diffRule(from: RuleSettings | undefined, to: RuleSettings | undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SCALARS) {
    if (from?.[field] !== to?.[field]) changes.push({ field, from: from?.[field], to: to?.[field] });
  }
  const params = [...new Set([...Object.keys(from?.params ?? {}), ...Object.keys(to?.params ?? {})])].sort();
  for (const name of params) {
    const before = from?.params[name];
    const after = to?.params[name];
    if (before !== after) changes.push({ field: `params.${name}`, from: before, to: after });
  }
  return changes;
}
