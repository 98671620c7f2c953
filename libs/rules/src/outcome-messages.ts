import type { AccountEvent, Decision } from '@sentinel/contracts';
import type { Evaluation } from './evaluate-event';
import type { RuleHit } from './rule-hit';

/** A judged event, as far as what it tells whom depends on it. */
export interface Outcome {
  evaluation: Pick<Evaluation, 'decision' | 'hits' | 'notices'>;
  /**
   * The decision the borrower was already told of for this event (the immediate phase reached a
   * case and deferred rules added to it): no second message goes out for the same event.
   */
  announced?: Decision;
  /** Older than the alert horizon: history to import, not news for anyone. */
  historical: boolean;
  /** The judged event's type: what a step-up holds (a loan's disbursement, a card's binding). */
  eventType?: AccountEvent['type'];
}

/**
 * The response a decision means, so that doubt costs the borrower a tap rather than an analyst a case:
 * - `heads-up` (`notice`): weak signals only; a message to the borrower, no case.
 * - `step-up` (`alert`): doubts an answer can clear; the platform holds what the event would
 *   move money with, and the borrower is asked, through the contacts the account trusts.
 * - `case` (`urgent`): evidence an answer cannot clear; holds on everything and an analyst's case.
 */
export type ResponseTier = 'heads-up' | 'step-up' | 'case';

export const responseTier = (decision: Decision | null): ResponseTier | null =>
  decision === 'notice' ? 'heads-up' : decision === 'alert' ? 'step-up' : decision === 'urgent' ? 'case' : null;

export type Hold = 'hold_disbursement' | 'hold_card_binding';

/** What a step-up holds: the disbursement of a loan, the binding of a card; both for anything else. */
export function stepUpHolds(eventType: AccountEvent['type'] | undefined): Hold[] {
  if (eventType === 'loan.opened') return ['hold_disbursement'];
  if (eventType === 'card.bound' || eventType === 'card.unbound') return ['hold_card_binding'];
  return ['hold_disbursement', 'hold_card_binding'];
}

/** A message an outcome sends, in the order it goes out; the writer fills in ids, codes and the event. */
type OutcomeMessage =
  /** A borrower-only notice that a card no longer works; it opens no case. */
  | { kind: 'notice'; notice: 'card.invalidated'; hits: RuleHit[] }
  /** "Was this you?" to the borrower: on the event's case from `alert` up, a heads-up without one for `notice`. */
  | { kind: 'fraud'; decision: Decision; onCase: boolean; hits: RuleHit[] }
  /** A recommendation to the platform to hold what an attacker would take next: all of it for a case, the event's own for a step-up. */
  | { kind: 'action'; recommendations: Hold[]; reason: 'urgent_risk' | 'step_up' };

export interface OutcomeEffects {
  /** The event's hits join its account's case (opened, or the open one joined), historical or not. */
  joinsCase: boolean;
  messages: OutcomeMessage[];
}

/** Whether an evaluation's hits go on its account's case: `alert` and `urgent` with hits, never `notice`. */
export const joinsCase = <E extends Pick<Evaluation, 'decision' | 'hits'>>(evaluation: E): evaluation is E & { decision: 'alert' | 'urgent' } =>
  (evaluation.decision === 'alert' || evaluation.decision === 'urgent') && evaluation.hits.length > 0;

/**
 * What one judged event produces: whether its hits go on a case, and the messages it sends. A
 * `notice` decision is too weak for a case and worth a heads-up (the borrower is the one who
 * knows); `alert` and `urgent` tell the borrower once per event. A step-up (`alert`) asks the
 * platform to hold what the event itself would move, until the borrower answers; a case
 * (`urgent`) asks it to hold everything, once. Historical events build the same cases and message
 * nobody.
 */
export function outcomeEffects({ evaluation, announced, historical, eventType }: Outcome): OutcomeEffects {
  const tell = !historical;
  // The borrower is told why we ask, not what spoke for her: benign findings stay on the case for analysts.
  const reasons = evaluation.hits.filter((hit) => !hit.benign);
  const messages: OutcomeMessage[] = [];
  if (evaluation.notices.length && tell) messages.push({ kind: 'notice', notice: 'card.invalidated', hits: evaluation.notices });
  if (!joinsCase(evaluation)) {
    if (evaluation.decision === 'notice' && evaluation.hits.length > 0 && tell) messages.push({ kind: 'fraud', decision: 'notice', onCase: false, hits: reasons });
    return { joinsCase: false, messages };
  }
  const { decision } = evaluation;
  if (tell && !announced) messages.push({ kind: 'fraud', decision, onCase: true, hits: reasons });
  if (tell && decision === 'alert' && !announced) messages.push({ kind: 'action', recommendations: stepUpHolds(eventType), reason: 'step_up' });
  if (tell && decision === 'urgent' && announced !== 'urgent') {
    messages.push({ kind: 'action', recommendations: ['hold_disbursement', 'hold_card_binding'], reason: 'urgent_risk' });
  }
  return { joinsCase: true, messages };
}
