import type { AccountEvent, Decision } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import type { Rule, RuleFinding } from './rule';
import type { RuleHit } from './rule-hit';
import { faceCheckFor } from './trust';
import { EVENT_RULES, type RuleSet } from './rule-set';

export type Phase = 'immediate' | 'deferred';

export interface Evaluation {
  /** Fraud findings, benign ones included; they weigh into `score` (see `riskScore`). Empty when they reach no decision. */
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

/** The weight at which the score reaches half its range: a single ordinary evidence finding. */
const SCORE_HALF_WEIGHT = 50;
/** What is left of doubts about who acts however much benign evidence there is: an OTP can be intercepted, a face check fooled. */
const RESIDUAL_DOUBT = 0.2;

const sum = (hits: readonly RuleHit[]): number => hits.reduce((total, hit) => total + hit.score, 0);

/**
 * The weight of an event's findings, before it is bounded: doubts about what is done count whole;
 * doubts about who acts count less what benign findings answer, down to a residue; context weighs
 * in proportion to the evidence left beside it.
 */
export function riskWeight(hits: readonly RuleHit[]): number {
  const benign = sum(hits.filter((h) => h.benign));
  const doubts = hits.filter((h) => !h.benign && !h.context);
  const fact = sum(doubts.filter((h) => h.fact));
  const actor = sum(doubts.filter((h) => !h.fact));
  const context = sum(hits.filter((h) => h.context && !h.benign));
  const left = actor === 0 ? 0 : Math.max(actor * RESIDUAL_DOUBT, actor - benign);
  const evidence = fact + actor;
  return evidence === 0 ? 0 : fact + left + (context * (fact + left)) / evidence;
}

/** Rules whose evidence no borrower's answer clears (`Rule.answerProof`). */
const ANSWER_PROOF = new Set(EVENT_RULES.filter((rule) => rule.answerProof).map((rule) => rule.id));

/**
 * Every doubt on the event is about who acts, and the borrower's own benign evidence (a face check,
 * an OTP to a contact on file for months, a device used for weeks) answers it in full: what is
 * left is the residue no evidence removes. That residue tells the borrower nothing they can act on
 * (they have just confirmed the act through their own channel), so it decides nothing and sends no
 * heads-up; the findings stay in `considered`, as context alone does. A doubt about what is done
 * (money to another holder's card) is never answered this way, nor one no answer clears
 * (`Rule.answerProof`: a loan after the notices were silenced, or without consent, is what a phone
 * in someone else's hand confirms).
 */
export function answeredByBorrower(hits: readonly RuleHit[]): boolean {
  const doubts = hits.filter((h) => !h.benign && !h.context && h.score > 0);
  return doubts.length > 0 && doubts.every((h) => !h.fact && !ANSWER_PROOF.has(h.ruleId)) && sum(hits.filter((h) => h.benign)) >= sum(doubts);
}

/**
 * A bounded score in [0, 100): weights add up but saturate (two weak signals make a strong one,
 * ten do not make a certainty), and the score keeps ranking where a cap at 100 made every case
 * alike. A weight of `SCORE_HALF_WEIGHT` scores 50; twice that 75; three times 88.
 */
export const riskScore = (hits: readonly RuleHit[]): number => {
  const weight = riskWeight(hits);
  return weight <= 0 ? 0 : Math.max(1, Math.min(99, Math.round(100 * (1 - 2 ** (-weight / SCORE_HALF_WEIGHT)))));
};

/** Whether an evaluation opens (or joins) a case rather than only telling the borrower. */
export const isCaseWorthy = (evaluation: Pick<Evaluation, 'decision'>): boolean => evaluation.decision === 'alert' || evaluation.decision === 'urgent';

/** One rule's finding on one event, or null: a rule a face check for the event answers is not asked. */
export function judge(rule: Rule, state: AccountState, event: AccountEvent, clock: Clock, params: Record<string, number>): RuleFinding | null {
  if (rule.answeredByFace && faceCheckFor(state, event)) return null;
  return rule.evaluate(state, event, clock, params);
}

/** A step-up whose evidence includes what no answer clears (`Rule.answerProof`) is a case. */
function answerProofDecision(decision: Decision | null, hits: readonly RuleHit[]): Decision | null {
  return decision === 'alert' && hits.some((hit) => !hit.context && !hit.benign && ANSWER_PROOF.has(hit.ruleId)) ? 'urgent' : decision;
}

/** Runs the enabled rules of one phase against one event. */
export function evaluateEvent(ruleSet: RuleSet, state: AccountState, event: AccountEvent, clock: Clock, phase: Phase, { prior = [], snoozed }: EvaluationContext = {}): Evaluation {
  const found: RuleHit[] = [];
  const notices: RuleHit[] = [];
  for (const rule of EVENT_RULES) {
    if (rule.phase !== phase || !rule.on.includes(event.type)) continue;
    const settings = ruleSet.rules[rule.id];
    if (!settings?.enabled || snoozed?.has(rule.id)) continue;
    const finding = judge(rule, state, event, clock, { ...rule.defaults.params, ...settings.params });
    if (!finding) continue;
    const hit: RuleHit = {
      ruleId: rule.id,
      severity: settings.severity,
      score: Math.max(0, settings.score + (finding.scoreAdjust ?? 0)),
      evidence: finding.evidence,
      explanation: finding.explanation,
      ...((finding.context ?? rule.kind === 'context') ? { context: true } : {}),
      ...(rule.kind === 'benign' ? { benign: true } : {}),
      ...(rule.doubt === 'fact' && !(finding.context ?? false) ? { fact: true } : {}),
    };
    (rule.category === 'notice' ? notices : found).push(hit);
  }
  const all = [...prior, ...found];
  // Context alone is no finding, nor benign evidence: they only weigh beside evidence.
  const evidence = all.some((hit) => !hit.context && !hit.benign && hit.score > 0);
  const score = evidence ? riskScore(all) : 0;
  const decision = evidence && !answeredByBorrower(all) ? answerProofDecision(decide(score, ruleSet.decisions), all) : null;
  return { hits: decision ? all : [], considered: all, notices, score: decision ? score : 0, decision };
}
