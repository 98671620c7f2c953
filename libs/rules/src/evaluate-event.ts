import type { AccountEvent, Decision } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import type { RuleHit } from './rule-hit';
import { RULE_CATALOG, type RuleSet } from './rule-set';

export interface Evaluation {
  hits: RuleHit[];
  score: number;
  decision: Decision | null;
}

export function decide(score: number, bands: RuleSet['decisions']): Decision | null {
  if (score >= bands.urgent) return 'urgent';
  if (score >= bands.alert) return 'alert';
  if (score >= bands.notice) return 'notice';
  return null;
}

/** Runs every enabled rule of the set against one event, given the state before it. */
export function evaluateEvent(ruleSet: RuleSet, state: AccountState, event: AccountEvent, clock: Clock): Evaluation {
  const hits: RuleHit[] = [];
  for (const rule of RULE_CATALOG) {
    const settings = ruleSet.rules[rule.id];
    if (!settings?.enabled) continue;
    const params = { ...rule.defaults.params, ...settings.params };
    const finding = rule.evaluate(state, event, clock, params);
    if (finding) hits.push({ ruleId: rule.id, severity: settings.severity, score: settings.score, ...finding });
  }
  // Scores add up but saturate: two weak signals make a strong one, ten do not make a certainty.
  const score = Math.min(100, hits.reduce((sum, hit) => sum + hit.score, 0));
  return { hits, score, decision: hits.length ? decide(score, ruleSet.decisions) : null };
}
