import type { AccountEvent, Decision } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import type { RuleHit } from './rule-hit';
import { EVENT_RULES, type RuleSet } from './rule-set';

export type Phase = 'immediate' | 'deferred';

export interface Evaluation {
  /** Fraud findings; they add up to `score`. */
  hits: RuleHit[];
  /** Every fraud finding, context included even where it stood alone and so did not count. */
  considered: RuleHit[];
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

/**
 * The span of event time around an event that its deferred rules look at, the widest over the
 * enabled ones: the recorded events a deferred judgement is made on.
 */
export function deferredWindow(ruleSet: RuleSet): { beforeMs: number; afterMs: number } {
  let beforeMs = 0;
  let afterMs = 0;
  for (const rule of EVENT_RULES) {
    const settings = ruleSet.rules[rule.id];
    if (rule.phase !== 'deferred' || !settings?.enabled || !rule.window) continue;
    const span = rule.window({ ...rule.defaults.params, ...settings.params });
    beforeMs = Math.max(beforeMs, span.beforeMs);
    afterMs = Math.max(afterMs, span.afterMs);
  }
  return { beforeMs, afterMs };
}

/** Whether any enabled rule must wait out the lateness window before judging this event. */
export function needsDeferredEvaluation(ruleSet: RuleSet, event: AccountEvent): boolean {
  return EVENT_RULES.some((rule) => rule.phase === 'deferred' && rule.on.includes(event.type) && ruleSet.rules[rule.id]?.enabled);
}

export interface EvaluationContext {
  /**
   * Findings the event's immediate phase already made, when the deferred phase judges it: one
   * event has one verdict, made of every hit on it.
   */
  prior?: RuleHit[];
  /** Rules an analyst snoozed for this account (a known-benign pattern); they stay quiet. */
  snoozed?: ReadonlySet<string>;
}

/** Scores add up but saturate: two weak signals make a strong one, ten do not make a certainty. */
export const cappedScore = (hits: readonly RuleHit[]): number =>
  Math.min(
    100,
    hits.reduce((sum, hit) => sum + hit.score, 0),
  );

/** Whether an evaluation opens (or joins) a case rather than only telling the borrower. */
export const isCaseWorthy = (evaluation: Pick<Evaluation, 'decision'>): boolean => evaluation.decision === 'alert' || evaluation.decision === 'urgent';

/** Runs the enabled rules of one phase against one event. */
export function evaluateEvent(ruleSet: RuleSet, state: AccountState, event: AccountEvent, clock: Clock, phase: Phase, { prior = [], snoozed }: EvaluationContext = {}): Evaluation {
  const found: RuleHit[] = [];
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
      ...((finding.context ?? rule.kind === 'context') ? { context: true } : {}),
    };
    (rule.category === 'notice' ? notices : found).push(hit);
  }
  const all = [...prior, ...found];
  // Context alone is no finding: it only weighs with evidence beside it.
  const hits = all.some((hit) => !hit.context && hit.score > 0) ? all : [];
  const score = cappedScore(hits);
  return { hits, considered: all, notices, score, decision: hits.length ? decide(score, ruleSet.decisions) : null };
}
