import type { Decision } from '@sentinel/contracts';
import type { Severity } from './rule-hit';

// The data half of the catalog, apart from the catalog (rule-set.ts) that lists the rules: the
// rules read these types, so keeping them there made the rules and the catalog import each other.

export interface RuleSettings {
  enabled: boolean;
  severity: Severity;
  score: number;
  params: Record<string, number>;
}

/** Behaviour is code; enablement, scores, parameters and decision bands are data, versioned in Postgres. */
export interface RuleSet {
  version: number;
  rules: Record<string, RuleSettings>;
  /** The lowest combined score for each decision. */
  decisions: Record<Decision, number>;
}

/** What the catalog knows of any rule, per-event or cross-account. */
export interface CatalogEntry {
  id: string;
  description: string;
  category: 'fraud' | 'notice';
  phase: 'immediate' | 'deferred' | 'scheduled' | 'cross-account';
  defaults: { severity: Severity; score: number; params: Record<string, number> };
}
