import type { AccountAction } from '@sentinel/contracts';

/** What a borrower's answer asks the platform to do about the account, beside what it does to the case. */
export interface AnswerRecommendation {
  recommendations: AccountAction['recommendations'];
  reason: Extract<AccountAction['reason'], 'borrower_denied' | 'borrower_confirmed'>;
}

/**
 * Whether an applied "was me" releases what a step-up held. A step-up (an `alert` case) held only
 * what its event moved, until the borrower answered; confirmed through a contact on file since
 * before it, the hold is lifted. An urgent case asked the platform to hold everything on evidence
 * no answer clears, so nothing is released there, and an answer only recorded beside the case
 * releases nothing either.
 */
export function stepUpRelease(input: { answer: 'me' | 'not_me'; applied: boolean; decision: string }): AnswerRecommendation | null {
  if (!input.applied || input.answer !== 'me' || input.decision !== 'alert') return null;
  return { recommendations: ['release_holds'], reason: 'borrower_confirmed' };
}
