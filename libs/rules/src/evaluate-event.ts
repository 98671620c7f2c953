import type { AccountEvent, Decision } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import type { RuleHit } from './rule-hit';
import { EVENT_RULES, type RuleSet } from './rule-set';

export type Phase = 'immediate' | 'deferred';

export interface Evaluation {
  /** Fraud findings; they add up to `score`. */
  hits: RuleHit[];
  /** Borrower notices (a card invalidated, …); they open no case. */
  notices: RuleHit[];
  score: number;
  decision: Decision | null;
}

export function decide(score: number, bands: RuleSet['decisions']): Decision | null {
  if (score >= bands.urgent) return 'urgent';
  if (score >= bands.alert) return 'alert';
  if (score >= bands.notice) return 'notice';
  return null;
}

/** Whether any enabled rule must wait out the lateness window before judging this event. */
export function needsDeferredEvaluation(ruleSet: RuleSet, event: AccountEvent): boolean {
  return EVENT_RULES.some((rule) => rule.phase === 'deferred' && rule.on.includes(event.type) && ruleSet.rules[rule.id]?.enabled);
}

export interface EvaluationContext {
  /** What the event's immediate phase already scored, so a deferred finding adds to it: hits on one event combine. */
  priorScore?: number;
  /** Rules an analyst snoozed for this account (a known-benign pattern); they stay quiet. */
  snoozed?: ReadonlySet<string>;
}

/** Runs the enabled rules of one phase against one event. */
export function evaluateEvent(
  ruleSet: RuleSet,
  state: AccountState,
  event: AccountEvent,
  clock: Clock,
  phase: Phase,
  { priorScore = 0, snoozed }: EvaluationContext = {},
): Evaluation {
  const hits: RuleHit[] = [];
  const notices: RuleHit[] = [];
  for (const rule of EVENT_RULES) {
    if (rule.phase !== phase || !rule.on.includes(event.type)) continue;
    const settings = ruleSet.rules[rule.id];
    if (!settings?.enabled || snoozed?.has(rule.id)) continue;
    const finding = rule.evaluate(state, event, clock, { ...rule.defaults.params, ...settings.params });
    if (!finding) continue;
    const hit: RuleHit = {
      ruleId: rule.id,
      severity: settings.severity,
      score: Math.max(0, settings.score + (finding.scoreAdjust ?? 0)),
      evidence: finding.evidence,
      explanation: finding.explanation,
    };
    (rule.category === 'notice' ? notices : hits).push(hit);
  }
  // Scores add up but saturate: two weak signals make a strong one, ten do not make a certainty.
  const score = Math.min(100, priorScore + hits.reduce((sum, hit) => sum + hit.score, 0));
  return { hits, notices, score, decision: hits.length ? decide(score, ruleSet.decisions) : null };
}
