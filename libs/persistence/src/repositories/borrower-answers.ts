import { type AccountEvent, partnerOf, Topics } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { audit } from './audit.repository';
import { DetectionRepository } from './detection.repository';

export type BorrowerAnswer = 'me' | 'not_me';

export interface AnswerContext {
  via: 'link' | 'app';
  ip?: string;
  userAgent?: string;
  /** Who relayed the answer, for answers that come through the platform's app. */
  relayedBy?: string;
}

const repository = new DetectionRepository();

/**
 * Records the borrower's own answer to a case, inside the caller's transaction. "Not me" makes
 * the case urgent, recommends a hold on `account.actions` and counts against the merchant behind
 * any loan in it; "was me" resolves it as legitimate. Every link of the case stops working and
 * the answer is audited with time, IP and user agent.
 */
export async function recordBorrowerAnswer(
  db: EntityManager,
  input: { caseId: string; accountId: string; tokenId: string | null; answer: BorrowerAnswer; context: AnswerContext },
): Promise<void> {
  const { caseId, accountId, tokenId, answer, context } = input;
  const [before] = await db.query(
    `SELECT status, decision, priority, resolution, borrower_answer, reference_code, score FROM fraud_case WHERE id = $1 FOR UPDATE`,
    [caseId],
  );
  await db.query(`UPDATE answer_token SET used_at = now() WHERE case_id = $1 AND used_at IS NULL`, [caseId]);
  await db.query(
    `INSERT INTO borrower_answer (case_id, token_id, account_id, answer, via, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [caseId, tokenId, accountId, answer, context.via, context.ip ?? null, context.userAgent?.slice(0, 500) ?? null],
  );
  if (answer === 'not_me') {
    await db.query(`UPDATE fraud_case SET decision = 'urgent', priority = 'high', borrower_answer = 'not_me', updated_at = now() WHERE id = $1`, [caseId]);
    const ruleIds: string[] = (await db.query(`SELECT DISTINCT rule_id FROM rule_hit WHERE case_id = $1`, [caseId])).map((r: { rule_id: string }) => r.rule_id);
    await repository.enqueue(db, Topics.accountActions, {
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
    const loans: { body: AccountEvent }[] = await db.query(
      `SELECT DISTINCT e.body FROM rule_hit h JOIN account_event e ON e.id = h.event_id WHERE h.case_id = $1 AND e.type = 'loan.opened'`,
      [caseId],
    );
    await repository.addMerchantFlags(
      db,
      loans.flatMap(({ body }) => {
        const merchant = body.type === 'loan.opened' ? (body.payload.merchantId ?? partnerOf(body.channel)) : undefined;
        return merchant ? [{ merchantId: merchant, accountId, eventId: body.id, caseId, reason: 'not_me' as const, at: new Date().toISOString() }] : [];
      }),
    );
  } else {
    await db.query(
      `UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolved_at = now(), borrower_answer = 'me', updated_at = now() WHERE id = $1`,
      [caseId],
    );
  }
  const [after] = await db.query(`SELECT status, decision, priority, resolution, borrower_answer FROM fraud_case WHERE id = $1`, [caseId]);
  await audit(db, {
    actor: context.relayedBy ? `borrower:${accountId} via ${context.relayedBy}` : `borrower:${accountId}`,
    action: 'case.borrower_answer',
    entityType: 'case',
    entityId: caseId,
    before,
    after: { ...after, answer, via: context.via, ip: context.ip ?? null, userAgent: context.userAgent?.slice(0, 500) ?? null },
  });
}
