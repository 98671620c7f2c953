import type { AccountEvent } from '@sentinel/contracts';
import { answerOutcome, type BorrowerAnswer } from '@sentinel/rules';
import type { EvalVerdict } from './metrics';

/** The console's TRUSTED_CONTACT_HOURS default: a "was me" closes a step-up only through a contact this old. */
export const TRUSTED_CONTACT_AGE_MS = 72 * 3_600_000;

/** Per account, when each of its contacts came on file (`contact.changed`), in event-time order. */
export type ContactHistory = Map<string, { kind: 'phone' | 'email'; atMs: number }[]>;

export function contactHistory(events: readonly AccountEvent[]): ContactHistory {
  const out: ContactHistory = new Map();
  for (const event of events) {
    if (event.type !== 'contact.changed') continue;
    const list = out.get(event.accountId) ?? [];
    list.push({ kind: event.payload.kind, atMs: Date.parse(event.occurredAt) });
    out.set(event.accountId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.atMs - b.atMs);
  return out;
}

/**
 * Since when the oldest contact on file at `atMs` has been there: the eval's answer comes through
 * the contact that counts most, the oldest (the notifier sends the step-up to one trusted contact).
 */
function oldestContactSince(history: ContactHistory, accountId: string, atMs: number): Date | null {
  const current = new Map<string, number>();
  for (const change of history.get(accountId) ?? []) if (change.atMs <= atMs) current.set(change.kind, change.atMs);
  return current.size ? new Date(Math.min(...current.values())) : null;
}

/**
 * An account's verdict once the borrower has answered the step-up, as the console applies the
 * answer (`answerOutcome`): a "was me" through a contact on file since well before the flagged
 * activity closes a step-up (an `alert` case the borrower was asked about) and leaves no case. An
 * urgent case, a case nobody was asked about (a ring roll-up sends no message), a "not me", and a
 * "was me" through a newer contact all leave the case for an analyst. A mode that cannot tell a
 * step-up from an urgent case leaves the verdict as it is.
 */
export function afterAnswer(verdict: EvalVerdict, answer: BorrowerAnswer, history: ContactHistory, accountId: string): EvalVerdict {
  if (!verdict.case || verdict.urgent === undefined || verdict.urgent || !verdict.asked || !verdict.firstFlaggedAt) return verdict;
  const firstFlaggedAt = new Date(verdict.firstFlaggedAt);
  const outcome = answerOutcome({
    answer,
    caseStatus: 'open',
    decision: 'alert',
    claimed: false,
    firstFlaggedAt,
    recipientSince: oldestContactSince(history, accountId, firstFlaggedAt.getTime()),
    trustedContactAgeMs: TRUSTED_CONTACT_AGE_MS,
  });
  return answer === 'me' && outcome === 'applied' ? { ...verdict, case: false, released: true } : verdict;
}

/** Every account's verdict after its borrower's answer (see `afterAnswer`). */
export function afterAnswers(
  verdicts: Record<string, EvalVerdict>,
  labels: Record<string, { stepUpAnswer: BorrowerAnswer }>,
  history: ContactHistory,
): Record<string, EvalVerdict> {
  const out: Record<string, EvalVerdict> = {};
  for (const [accountId, verdict] of Object.entries(verdicts)) {
    const answer = labels[accountId]?.stepUpAnswer;
    out[accountId] = answer ? afterAnswer(verdict, answer, history, accountId) : verdict;
  }
  return out;
}

/**
 * Marks the accounts whose case was first flagged while a contact had been on file for the
 * trusted age: the notifier sends such an account's step-ups to that contact alone
 * (`stepUpRecipient`), and everything else to every channel.
 */
export function withStepUpReach(verdicts: Record<string, EvalVerdict>, history: ContactHistory): Record<string, EvalVerdict> {
  const out: Record<string, EvalVerdict> = {};
  for (const [accountId, verdict] of Object.entries(verdicts)) {
    const at = verdict.firstFlaggedAt ? Date.parse(verdict.firstFlaggedAt) : null;
    const since = at === null ? null : oldestContactSince(history, accountId, at);
    out[accountId] = { ...verdict, trustedContact: since !== null && at !== null && since.getTime() <= at - TRUSTED_CONTACT_AGE_MS };
  }
  return out;
}
