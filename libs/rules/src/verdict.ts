import type { AccountEvent } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import { type Evaluation, evaluateEvent, isCaseWorthy, needsDeferredEvaluation } from './evaluate-event';
import type { RuleHit } from './rule-hit';
import type { RuleSet } from './rule-set';

/** What the deferred phase needs to finish an event's verdict. */
export interface PendingVerdict {
  /** Every finding of the immediate phase, context included: the deferred one adds to them. */
  prior: RuleHit[];
  /** The immediate phase already opened or joined a case and told the borrower. */
  announced: boolean;
}

export interface ImmediateVerdict {
  /** What to write now: a case-worthy finding, or notices; no fraud finding when it is held. */
  now: Evaluation;
  /** Present when deferred rules still have to judge the event. */
  pending?: PendingVerdict;
}

/**
 * An event's verdict as far as the immediate phase can give it. When deferred rules must still
 * judge it and what is known now does not reach a case, nothing fraud-related is written yet:
 * the deferred phase gives the event its one verdict, with every hit and one message. A finding
 * that reaches a case now is written now, for speed; deferred hits then join that case.
 */
export function judgeNow(ruleSet: RuleSet, state: AccountState, event: AccountEvent, clock: Clock, snoozed?: ReadonlySet<string>): ImmediateVerdict {
  const evaluation = evaluateEvent(ruleSet, state, event, clock, 'immediate', { snoozed });
  if (!needsDeferredEvaluation(ruleSet, event)) return { now: evaluation };
  if (isCaseWorthy(evaluation)) return { now: evaluation, pending: { prior: evaluation.considered, announced: true } };
  return {
    now: { hits: [], considered: [], notices: evaluation.notices, score: 0, decision: null },
    pending: { prior: evaluation.considered, announced: false },
  };
}

export interface DeferredVerdict {
  evaluation: Evaluation;
  /** Whether anything is left to write: a first verdict with hits, or hits an announced case does not have yet. */
  changed: boolean;
}

/**
 * The rest of an event's verdict, on `around`: the state folded from the recorded events around
 * the event's own time (see `deferredWindow` and `stateAround`), so live, burst, shuffled and
 * replayed arrivals give the same verdict.
 */
export function judgeLater(ruleSet: RuleSet, around: AccountState, event: AccountEvent, clock: Clock, pending: PendingVerdict, snoozed?: ReadonlySet<string>): DeferredVerdict {
  const evaluation = evaluateEvent(ruleSet, around, event, clock, 'deferred', { prior: pending.prior, snoozed });
  const known = new Set(pending.prior.map((hit) => hit.ruleId));
  const added = evaluation.hits.some((hit) => !known.has(hit.ruleId));
  return { evaluation, changed: pending.announced ? added : evaluation.hits.length > 0 };
}
