import type { Decision } from '@sentinel/contracts';
import type { Rule } from './rule';
import type { Severity } from './rule-hit';
import { unbindFromUnknownDeviceRule } from './rules/unbind-from-unknown-device.rule';

export interface RuleSettings {
  enabled: boolean;
  severity: Severity;
  score: number;
  params: Record<string, number>;
}

/** Behaviour is code; enablement, scores, parameters and decision bands are data. */
export interface RuleSet {
  version: number;
  rules: Record<string, RuleSettings>;
  /** The lowest combined score for each decision. */
  decisions: Record<Decision, number>;
}

export const RULE_CATALOG: readonly Rule[] = [unbindFromUnknownDeviceRule as unknown as Rule];

export function defaultRuleSet(): RuleSet {
  return {
    version: 1,
    rules: Object.fromEntries(
      RULE_CATALOG.map((rule) => [
        rule.id,
        { enabled: true, severity: rule.defaults.severity, score: rule.defaults.score, params: { ...rule.defaults.params } },
      ]),
    ),
    decisions: { notice: 1, alert: 50, urgent: 90 },
  };
}
