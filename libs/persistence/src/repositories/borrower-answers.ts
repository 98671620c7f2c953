import { type AccountEvent, ANSWERED_DEVICES_MAX, partnerOf, Topics } from '@sentinel/contracts';
import { answerEffects, type AnswerOutcome, type BorrowerAnswer } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { audit } from './audit.repository';
import { MerchantsRepository } from './merchants.repository';
import { OutboxRepository } from './outbox.repository';

export interface AnswerContext {
  via: 'link' | 'app';
  ip?: string;
  userAgent?: string;
  /** Who relayed the answer, for answers that come through the platform's app. */
  relayedBy?: string;
}

const outbox = new OutboxRepository();
const merchants = new MerchantsRepository();

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
 * Tells the detector what an applied answer says of the devices of the event the borrower was
 * asked about (`borrower.answered` on account.events, through the outbox so it goes out only if
 * the answer commits): the event her link named, or for an answer relayed by the platform's app,
 * the case's first flagged event. Only devices the borrower's side acted from: a support
 * console, a system job or a partner's terminal is no one's to vouch for.
 */
async function teachTrust(db: EntityManager, input: { caseId: string; accountId: string; caseReference: string; tokenId: string | null; answer: BorrowerAnswer }): Promise<void> {
  const devices = await db.query<{ id: string; flagged_at: Date }[]>(
    `WITH flagged AS (
       SELECT e.type, e.occurred_at, e.body FROM rule_hit h JOIN account_event e ON e.account_id = h.account_id AND e.id = h.event_id WHERE h.case_id = $1),
     token AS (SELECT summary FROM answer_token WHERE id = $2::uuid AND summary ? 'occurredAt'),
     asked AS (
       SELECT f.* FROM flagged f
        WHERE CASE WHEN EXISTS (SELECT 1 FROM token)
                   THEN (f.type, f.occurred_at) IN (SELECT summary->>'eventType', (summary->>'occurredAt')::timestamptz FROM token)
                   ELSE f.occurred_at = (SELECT min(occurred_at) FROM flagged) END)
     SELECT body->'device'->>'id' AS id, min(occurred_at) AS flagged_at FROM asked
      WHERE body->'device'->>'id' IS NOT NULL AND body->'actor'->>'kind' NOT IN ('agent', 'system', 'partner')
        AND body->>'channel' NOT IN ('support', 'system') AND body->>'channel' NOT LIKE 'partner:%'
      GROUP BY 1 ORDER BY 2, 1 LIMIT $3`,
    [input.caseId, input.tokenId, ANSWERED_DEVICES_MAX],
  );
  if (devices.length === 0) return;
  await outbox.enqueue(db, Topics.accountEvents, {
    id: `answer:${randomUUID()}`,
    schemaVersion: 1,
    type: 'borrower.answered',
    accountId: input.accountId,
    occurredAt: new Date().toISOString(),
    channel: 'system',
    actor: { kind: 'system' },
    payload: { answer: input.answer, caseReference: input.caseReference, devices: devices.map((d) => ({ id: d.id, flaggedAt: new Date(d.flagged_at).toISOString() })) },
  });
}

/** What of a case an answer can change, as the audit log records it before and after. */
interface CaseAnswerState {
  status: string;
  decision: string;
  priority: string;
  resolution: string | null;
  borrower_answer: string | null;
}

/**
 * Records the borrower's own answer to a case, inside the caller's transaction: loads the case as
 * the answer finds it, carries out what `answerEffects` (@sentinel/rules) decides the answer does
 * (the case's change, the links it stops, the note, the hold or release on `account.actions`, the
 * merchant flags) and audits the answer with time, IP and user agent.
 */
export async function recordBorrowerAnswer(
  db: EntityManager,
  input: { caseId: string; accountId: string; source: AnswerSource; answer: BorrowerAnswer; context: AnswerContext },
): Promise<AnswerOutcome> {
  const { caseId, accountId, source, answer, context } = input;
  const tokenId = source.tokenId;
  const [{ assignee_id: assigneeId, resolution_reason: resolutionReason, ...before }] = await db.query<
    (CaseAnswerState & { reference_code: string; score: number; assignee_id: string | null; resolution_reason: string | null })[]
  >(`SELECT status, decision, priority, resolution, resolution_reason, borrower_answer, reference_code, score, assignee_id FROM fraud_case WHERE id = $1 FOR UPDATE`, [caseId]);
  const [flagged] = await db.query<{ first: Date | null }[]>(
    // A ring hit is keyed by its entity, not an event: it says when the ring first acted on the account.
    `SELECT least(min(e.occurred_at), min((h.evidence->>'flaggedAt')::timestamptz)) AS first
       FROM rule_hit h LEFT JOIN account_event e ON e.account_id = h.account_id AND e.id = h.event_id WHERE h.case_id = $1`,
    [caseId],
  );
  const effects = answerEffects({
    answer,
    caseStatus: before.status,
    decision: before.decision,
    claimed: assigneeId !== null,
    resolvedByBorrower: before.status === 'resolved' && resolutionReason === 'borrower_confirmed',
    firstFlaggedAt: flagged?.first ?? null,
    recipientSince: source.recipientSince,
    trustedContactAgeMs: source.trustedContactAgeMs,
  });
  const { outcome } = effects;
  if (effects.stopLinks === 'case') {
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
  if (effects.note) await db.query(`INSERT INTO case_note (case_id, author, body) VALUES ($1, $2, $3)`, [caseId, `borrower:${accountId}`, effects.note]);
  if (effects.caseChange === 'none') {
    await db.query(`UPDATE fraud_case SET updated_at = now() WHERE id = $1`, [caseId]);
  } else if (effects.caseChange === 'denied') {
    await db.query(`UPDATE fraud_case SET decision = 'urgent', priority = 'high', borrower_answer = 'not_me', updated_at = now() WHERE id = $1`, [caseId]);
  } else if (effects.caseChange === 'reopened') {
    await db.query(
      `UPDATE fraud_case SET status = 'open', resolution = NULL, resolution_reason = NULL, resolution_note = NULL, resolved_at = NULL,
              decision = 'urgent', priority = 'high', borrower_answer = 'not_me', updated_at = now() WHERE id = $1`,
      [caseId],
    );
  } else {
    await db.query(
      `UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolution_reason = 'borrower_confirmed', resolved_at = now(), borrower_answer = 'me', updated_at = now() WHERE id = $1`,
      [caseId],
    );
  }
  if (effects.recommendation) {
    const ruleIds = (await db.query<{ rule_id: string }[]>(`SELECT DISTINCT rule_id FROM rule_hit WHERE case_id = $1`, [caseId])).map((r) => r.rule_id);
    await outbox.enqueue(db, Topics.accountActions, {
      actionId: randomUUID(),
      accountId,
      caseId,
      referenceCode: before.reference_code,
      ...effects.recommendation,
      score: before.score,
      ruleIds,
      createdAt: new Date().toISOString(),
    });
  }
  if (effects.flagsMerchants) {
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
  }
  if (outcome === 'applied') await teachTrust(db, { caseId, accountId, caseReference: before.reference_code, tokenId, answer });
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
