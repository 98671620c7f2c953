import type { LocalizedText } from '@sentinel/contracts';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export type Evidence = Record<string, string | number | boolean | null>;

/** Why a rule fired: enough for an analyst to check it, in both languages, with masked data only. */
export interface RuleHit {
  ruleId: string;
  severity: Severity;
  score: number;
  evidence: Evidence;
  explanation: LocalizedText;
}
