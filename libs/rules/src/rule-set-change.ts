import { DECISIONS, err, ok, type Result } from '@sentinel/contracts';
import type { Severity } from './rule-hit';
import { RULE_CATALOG, type RuleSet, type RuleSettings } from './rule-set';

export interface RuleSetChange {
  rules?: Record<string, Partial<Pick<RuleSettings, 'enabled' | 'severity' | 'score'>> & { params?: Record<string, number> }>;
  decisions?: Partial<RuleSet['decisions']>;
}

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * Applies a change to a rule set and returns the next version, or every reason it is invalid:
 * unknown rules or parameters, scores outside 0–100, bands out of order.
 */
export function applyRuleSetChange(current: RuleSet, change: RuleSetChange): Result<RuleSet, string[]> {
  const problems: string[] = [];
  const rules = structuredClone(current.rules);
  for (const [id, patch] of Object.entries(change.rules ?? {})) {
    const entry = RULE_CATALOG.find((r) => r.id === id);
    if (!entry) {
      problems.push(`rules.${id}: no such rule; known rules are ${RULE_CATALOG.map((r) => r.id).join(', ')}`);
      continue;
    }
    const next = rules[id];
    if (patch.enabled !== undefined) next.enabled = patch.enabled;
    if (patch.severity !== undefined) {
      if (SEVERITIES.includes(patch.severity)) next.severity = patch.severity;
      else problems.push(`rules.${id}.severity: must be one of ${SEVERITIES.join(', ')}`);
    }
    if (patch.score !== undefined) {
      if (Number.isInteger(patch.score) && patch.score >= 0 && patch.score <= 100) next.score = patch.score;
      else problems.push(`rules.${id}.score: must be a whole number from 0 to 100`);
    }
    for (const [param, value] of Object.entries(patch.params ?? {})) {
      if (!Object.hasOwn(entry.defaults.params, param)) {
        const known = Object.keys(entry.defaults.params);
        problems.push(`rules.${id}.params.${param}: no such parameter; ${known.length ? `known: ${known.join(', ')}` : 'this rule has none'}`);
      } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        problems.push(`rules.${id}.params.${param}: must be a number, 0 or more`);
      } else {
        next.params[param] = value;
      }
    }
  }
  const decisions = { ...current.decisions };
  for (const [band, value] of Object.entries(change.decisions ?? {})) {
    if (!(DECISIONS as readonly string[]).includes(band)) problems.push(`decisions.${band}: must be one of ${DECISIONS.join(', ')}`);
    else if (!Number.isInteger(value) || value < 1 || value > 100) problems.push(`decisions.${band}: must be a whole number from 1 to 100`);
    else decisions[band as keyof typeof decisions] = value!;
  }
  if (!(decisions.notice <= decisions.alert && decisions.alert <= decisions.urgent)) {
    problems.push(`decisions: must satisfy notice ≤ alert ≤ urgent (got ${decisions.notice}, ${decisions.alert}, ${decisions.urgent})`);
  }
  return problems.length ? err(problems) : ok({ version: current.version + 1, rules, decisions });
}
