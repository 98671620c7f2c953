/**
 * Four eyes: the decisions that need a second person, and who that second person may be. Pure, so
 * the console's routes and their tests share one reading of the policy.
 */

/** What the console is configured to hold for a second approval. */
export interface FourEyesPolicy {
  /** Confirmed fraud above this many minor units (fen) waits for a second person; null: never. */
  resolutionAboveMinor: number | null;
  /** Every rule-set publication (a change or a rollback) waits for a second supervisor. */
  ruleSets: boolean;
}

/**
 * Whether resolving a case this way needs a second approval. Only confirmed fraud does: it is the
 * outcome that blocks a borrower and reports them, and a mistaken one is the costly mistake.
 * "Above" is strict, so a limit of 10 000 yuan lets a 10 000-yuan case through with one pair of eyes.
 */
export function resolutionNeedsApproval(resolution: string, caseAmountMinor: number, policy: FourEyesPolicy): boolean {
  return resolution === 'fraud_confirmed' && policy.resolutionAboveMinor !== null && caseAmountMinor > policy.resolutionAboveMinor;
}

/** A request for a second approval, as the decision on it finds it. */
export interface ApprovalRequestState {
  status: 'pending' | 'approved' | 'rejected';
  requesterId: string;
}

export type ApprovalRefusal = { code: 'OWN_APPROVAL' } | { code: 'APPROVAL_DECIDED'; status: 'approved' | 'rejected' };

/**
 * Whether this person may approve or reject the request. A request decided already is refused
 * first: the loser of two concurrent approvals learns that it was decided, not that it was theirs.
 */
export function approvalRefusal(request: ApprovalRequestState, deciderId: string): ApprovalRefusal | null {
  if (request.status !== 'pending') return { code: 'APPROVAL_DECIDED', status: request.status };
  if (request.requesterId === deciderId) return { code: 'OWN_APPROVAL' };
  return null;
}
