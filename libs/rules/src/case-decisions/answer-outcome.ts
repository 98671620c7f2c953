import { type AnswerRecommendation, stepUpRelease } from './step-up-release';

export type BorrowerAnswer = 'me' | 'not_me';

/** What an answer did: applied to the case, or only recorded beside it, and why. */
export type AnswerOutcome = 'applied' | 'unverified' | 'case_claimed' | 'case_resolved' | 'case_evidence';

/** The case as an answer finds it, and where the answer came from. */
export interface AnswerInput {
  answer: BorrowerAnswer;
  caseStatus: string;
  /** The case's decision: `urgent` is a case no "was me" clears. */
  decision?: string;
  claimed: boolean;
  /** The case was closed by the borrower's own "was me" rather than by an analyst. */
  resolvedByBorrower?: boolean;
  firstFlaggedAt: Date | null;
  recipientSince: Date | null;
  trustedContactAgeMs: number;
}

/**
 * Decides what an answer may do. A resolved case is only ever recorded beside. "Not me" otherwise
 * always applies: it marks the case urgent and recommends a hold, but never changes its status or
 * who holds it. "Was me" is only recorded beside a case an analyst holds, and closes an unheld one
 * only through a contact on file since well before the flagged activity: after a takeover the
 * current contact is often the attacker's, and a "was me" from it must not close the case. Nor
 * does it close an urgent case: a step-up (`alert`) is doubt an answer clears, a case is evidence
 * it cannot, and the answer is recorded beside it for the analyst.
 */
export function answerOutcome(input: AnswerInput): AnswerOutcome {
  // A "was me" closes a step-up for whoever held one link; a "not me" through another (the victim's
  // email while a swapped SIM answered) must still be heard, so it reopens what a borrower closed.
  if (input.caseStatus === 'resolved') return input.answer === 'not_me' && input.resolvedByBorrower ? 'applied' : 'case_resolved';
  if (input.answer === 'not_me') return 'applied';
  if (input.claimed) return 'case_claimed';
  if (input.decision === 'urgent') return 'case_evidence';
  if (!input.recipientSince || !input.firstFlaggedAt) return 'unverified';
  return input.recipientSince.getTime() <= input.firstFlaggedAt.getTime() - input.trustedContactAgeMs ? 'applied' : 'unverified';
}

/** Everything an answer does, for persistence to carry out in the caller's transaction. */
export interface AnswerEffects {
  outcome: AnswerOutcome;
  /**
   * Which answer links stop: every link of the case once a "not me" applied, else only the one it
   * came through (a "was me" leaves the case's other links open for a denial).
   */
  stopLinks: 'case' | 'own';
  /**
   * What the case becomes: `denied` is urgent, high priority and answered "not me" (status and
   * holder unchanged); `reopened` is denied and open again after a borrower's "was me" closed it;
   * `confirmed` is resolved as legitimate by the borrower; `none` only touches it.
   */
  caseChange: 'none' | 'denied' | 'reopened' | 'confirmed';
  /** A note for whoever works the case: how they hear of an answer that came in meanwhile. */
  note?: string;
  recommendation: AnswerRecommendation | null;
  /** A "not me" counts against the merchant behind each loan on the case. */
  flagsMerchants: boolean;
}

const OUTCOME_NOTES: Record<Exclude<AnswerOutcome, 'applied'>, (answer: string) => string> = {
  unverified: (answer) => `Borrower answered "${answer}" through a contact not on file before the flagged activity; unverified, the case stays open.`,
  case_claimed: (answer) => `Borrower answered "${answer}" while the case was being worked; the case is unchanged.`,
  case_resolved: (answer) => `Borrower answered "${answer}" after the case was resolved; the case is unchanged.`,
  case_evidence: (answer) => `Borrower answered "${answer}" on an urgent case, whose evidence no answer clears; the case is unchanged.`,
};
const NOT_ME_AFTER_WAS_ME = 'Borrower answered "not me" after a "was me" through another link had closed the step-up: reopened as urgent, and everything held.';
const NOT_ME_WHILE_HELD = 'Borrower answered "not me" while the case was being worked: marked urgent and a hold recommended; status and holder unchanged.';

/**
 * What an answer does, from its outcome. An applied "not me" makes the case urgent, recommends a
 * hold on everything and flags the merchants behind its loans; an applied "was me" resolves it as
 * legitimate and releases what a step-up held (see `stepUpRelease`), stopping only its own link;
 * a later "not me" through another link reopens it. An answer not applied stops only its own link and is recorded beside the case with a
 * note.
 */
export function answerEffects(input: AnswerInput): AnswerEffects {
  const outcome = answerOutcome(input);
  if (outcome !== 'applied') {
    return {
      outcome,
      stopLinks: 'own',
      caseChange: 'none',
      note: OUTCOME_NOTES[outcome](input.answer === 'me' ? 'was me' : 'not me'),
      recommendation: null,
      flagsMerchants: false,
    };
  }
  if (input.answer === 'not_me') {
    const reopens = input.caseStatus === 'resolved';
    return {
      outcome,
      stopLinks: 'case',
      caseChange: reopens ? 'reopened' : 'denied',
      ...(reopens ? { note: NOT_ME_AFTER_WAS_ME } : input.claimed ? { note: NOT_ME_WHILE_HELD } : {}),
      recommendation: { recommendations: ['hold_disbursement', 'hold_card_binding'], reason: 'borrower_denied' },
      flagsMerchants: true,
    };
  }
  return {
    outcome,
    stopLinks: 'own',
    caseChange: 'confirmed',
    recommendation: stepUpRelease({ answer: input.answer, applied: true, decision: input.decision ?? '' }),
    flagsMerchants: false,
  };
}
