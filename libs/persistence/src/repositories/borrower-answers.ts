import { type AccountEvent, partnerOf, Topics } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { audit } from './audit.repository';
import { MerchantsRepository } from './merchants.repository';
import { OutboxRepository } from './outbox.repository';

export type BorrowerAnswer = 'me' | 'not_me';

export interface AnswerContext {
  via: 'link' | 'app';
  ip?: string;
  userAgent?: string;
  /** Who relayed the answer, for answers that come through the platform's app. */
  relayedBy?: string;
}

const outbox = new OutboxRepository();
const merchants = new MerchantsRepository();

/** What an answer did: applied to the case, or only recorded beside it, and why. */
export type AnswerOutcome = 'applied' | 'unverified' | 'case_claimed' | 'case_resolved' | 'case_evidence';

/**
 * Where the answer came from. A link carries since when its recipient's contact was on file; an
 * answer relayed by the platform's app has no contact (`null`), and so proves nothing about who is
 * holding the account.
 */
export interface AnswerSource {
  tokenId: string | null;
  recipientSince: Date | null;
  /** A contact must have been on file this long before the case's first flagged event to be trusted. */
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
export function answerOutcome(input: {
  answer: BorrowerAnswer;
  caseStatus: string;
  /** The case's decision: `urgent` is a case no "was me" clears. */
  decision?: string;
  claimed: boolean;
  firstFlaggedAt: Date | null;
  recipientSince: Date | null;
  trustedContactAgeMs: number;
}): AnswerOutcome {
  if (input.caseStatus === 'resolved') return 'case_resolved';
  if (input.answer === 'not_me') return 'applied';
  if (input.claimed) return 'case_claimed';
  if (input.decision === 'urgent') return 'case_evidence';
  if (!input.recipientSince || !input.firstFlaggedAt) return 'unverified';
  return input.recipientSince.getTime() <= input.firstFlaggedAt.getTime() - input.trustedContactAgeMs ? 'applied' : 'unverified';
}

const OUTCOME_NOTES: Record<Exclude<AnswerOutcome, 'applied'>, (answer: string) => string> = {
  unverified: (answer) => `Borrower answered "${answer}" through a contact not on file before the flagged activity; unverified, the case stays open.`,
  case_claimed: (answer) => `Borrower answered "${answer}" while the case was being worked; the case is unchanged.`,
  case_resolved: (answer) => `Borrower answered "${answer}" after the case was resolved; the case is unchanged.`,
  case_evidence: (answer) => `Borrower answered "${answer}" on an urgent case, whose evidence no answer clears; the case is unchanged.`,
};
const NOT_ME_WHILE_HELD = 'Borrower answered "not me" while the case was being worked: marked urgent and a hold recommended; status and holder unchanged.';

/** What of a case an answer can change, as the audit log records it before and after. */
interface CaseAnswerState {
  status: string;
  decision: string;
  priority: string;
  resolution: string | null;
  borrower_answer: string | null;
}

/**
 * Records the borrower's own answer to a case, inside the caller's transaction. An applied "not me"
 * makes the case urgent, recommends a hold on `account.actions` and counts against the merchant
 * behind any loan in it; an applied "was me" resolves it as legitimate, and for a step-up (an
 * `alert` case) recommends releasing what the step-up held; either stops every link of
 * the case. An answer that is not applied (see `answerOutcome`) stops only its own link and is
 * recorded beside the case with a note for whoever works it. Every answer is audited with time,
 * IP and user agent.
 */
export async function recordBorrowerAnswer(
  db: EntityManager,
  input: { caseId: string; accountId: string; source: AnswerSource; answer: BorrowerAnswer; context: AnswerContext },
): Promise<AnswerOutcome> {
  const { caseId, accountId, source, answer, context } = input;
  const tokenId = source.tokenId;
  const [{ assignee_id: assigneeId, ...before }] = await db.query<(CaseAnswerState & { reference_code: string; score: number; assignee_id: string | null })[]>(
    `SELECT status, decision, priority, resolution, borrower_answer, reference_code, score, assignee_id FROM fraud_case WHERE id = $1 FOR UPDATE`,
    [caseId],
  );
  const [flagged] = await db.query<{ first: Date | null }[]>(
    `SELECT min(e.occurred_at) AS first FROM rule_hit h JOIN account_event e ON e.account_id = h.account_id AND e.id = h.event_id WHERE h.case_id = $1`,
    [caseId],
  );
  const outcome = answerOutcome({
    answer,
    caseStatus: before.status,
    decision: before.decision,
    claimed: assigneeId !== null,
    firstFlaggedAt: flagged?.first ?? null,
    recipientSince: source.recipientSince,
    trustedContactAgeMs: source.trustedContactAgeMs,
  });
  if (outcome === 'applied') {
    await db.query(`UPDATE answer_token SET used_at = now() WHERE case_id = $1 AND used_at IS NULL`, [caseId]);
  } else if (tokenId) {
    await db.query(`UPDATE answer_token SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [tokenId]);
  }
  await db.query(`INSERT INTO borrower_answer (case_id, token_id, account_id, answer, via, ip, user_agent, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    caseId,
    tokenId,
    accountId,
    answer,
    context.via,
    context.ip ?? null,
    context.userAgent?.slice(0, 500) ?? null,
    outcome,
  ]);
  const note = outcome !== 'applied' ? OUTCOME_NOTES[outcome](answer === 'me' ? 'was me' : 'not me') : assigneeId ? NOT_ME_WHILE_HELD : undefined;
  // The note is how the analyst working the case hears of an answer that came in meanwhile.
  if (note) await db.query(`INSERT INTO case_note (case_id, author, body) VALUES ($1, $2, $3)`, [caseId, `borrower:${accountId}`, note]);
  if (outcome !== 'applied') {
    await db.query(`UPDATE fraud_case SET updated_at = now() WHERE id = $1`, [caseId]);
  } else if (answer === 'not_me') {
    await db.query(`UPDATE fraud_case SET decision = 'urgent', priority = 'high', borrower_answer = 'not_me', updated_at = now() WHERE id = $1`, [caseId]);
    const ruleIds = (await db.query<{ rule_id: string }[]>(`SELECT DISTINCT rule_id FROM rule_hit WHERE case_id = $1`, [caseId])).map((r) => r.rule_id);
    await outbox.enqueue(db, Topics.accountActions, {
      actionId: randomUUID(),
      accountId,
      caseId,
      referenceCode: before.reference_code,
      recommendations: ['hold_disbursement', 'hold_card_binding'],
      reason: 'borrower_denied',
      score: before.score,
      ruleIds,
      createdAt: new Date().toISOString(),
    });
    const loans = await db.query<{ body: AccountEvent }[]>(
      `SELECT DISTINCT e.body FROM rule_hit h JOIN account_event e ON e.account_id = h.account_id AND e.id = h.event_id WHERE h.case_id = $1 AND e.type = 'loan.opened'`,
      [caseId],
    );
    await merchants.addMerchantFlags(
      db,
      loans.flatMap(({ body }) => {
        const merchant = body.type === 'loan.opened' ? (body.payload.merchantId ?? partnerOf(body.channel)) : undefined;
        return merchant ? [{ merchantId: merchant, accountId, eventId: body.id, caseId, reason: 'not_me' as const, at: new Date().toISOString() }] : [];
      }),
    );
  } else {
    await db.query(
      `UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolution_reason = 'borrower_confirmed', resolved_at = now(), borrower_answer = 'me', updated_at = now() WHERE id = $1`,
      [caseId],
    );
    // A step-up (an alert-band case) held only what its event moved, until the borrower answered:
    // confirmed through a contact on file since before it, the hold is lifted.
    if (before.decision === 'alert') {
      const ruleIds = (await db.query<{ rule_id: string }[]>(`SELECT DISTINCT rule_id FROM rule_hit WHERE case_id = $1`, [caseId])).map((r) => r.rule_id);
      await outbox.enqueue(db, Topics.accountActions, {
        actionId: randomUUID(),
        accountId,
        caseId,
        referenceCode: before.reference_code,
        recommendations: ['release_holds'],
        reason: 'borrower_confirmed',
        score: before.score,
        ruleIds,
        createdAt: new Date().toISOString(),
      });
    }
  }
  const [after] = await db.query<CaseAnswerState[]>(`SELECT status, decision, priority, resolution, borrower_answer FROM fraud_case WHERE id = $1`, [caseId]);
  await audit(db, {
    actor: context.relayedBy ? `borrower:${accountId} via ${context.relayedBy}` : `borrower:${accountId}`,
    action: 'case.borrower_answer',
    entityType: 'case',
    entityId: caseId,
    before,
    after: { ...after, answer, outcome, via: context.via, ip: context.ip ?? null, userAgent: context.userAgent?.slice(0, 500) ?? null },
  });
  return outcome;
}
