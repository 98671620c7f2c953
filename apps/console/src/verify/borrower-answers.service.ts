import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { partnerOf, Topics, type AccountEvent } from '@sentinel/contracts';
import { audit, DetectionRepository, findUsableAnswerToken, type AnswerTokenRow } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export type Answer = 'me' | 'not_me';

export interface AnswerContext {
  ip?: string;
  userAgent?: string;
  via: 'link' | 'app';
}

/**
 * The borrower's own answer, the strongest signal there is. "Not me" makes the case urgent and
 * recommends a hold; "was me" resolves it as legitimate. Either way every other link of the case
 * stops working, and the answer is audited with time, IP and user agent.
 */
@Injectable()
export class BorrowerAnswersService {
  private readonly log = new Logger(BorrowerAnswersService.name);
  private readonly repository = new DetectionRepository();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The token if it can still be answered, marking when it was first opened. */
  async open(token: string): Promise<AnswerTokenRow | null> {
    const row = await findUsableAnswerToken(this.dataSource.manager, token);
    if (!row || row.kind !== 'fraud' || !row.caseId) return null;
    if (!row.openedAt) await this.dataSource.query(`UPDATE answer_token SET opened_at = now() WHERE id = $1 AND opened_at IS NULL`, [row.id]);
    return row;
  }

  /** Records the answer; null when the token is unknown, used or expired. */
  async answer(token: string, answer: Answer, context: AnswerContext): Promise<AnswerTokenRow | null> {
    return this.dataSource.transaction(async (db) => {
      const row = await findUsableAnswerToken(db, token, true);
      if (!row || row.kind !== 'fraud' || !row.caseId) return null;
      await db.query(`UPDATE answer_token SET used_at = now(), opened_at = COALESCE(opened_at, now()) WHERE case_id = $1 AND used_at IS NULL`, [row.caseId]);
      await this.record(db, row.caseId, row.accountId, row.id, answer, context);
      return row;
    });
  }

  private async record(db: EntityManager, caseId: string, accountId: string, tokenId: string | null, answer: Answer, context: AnswerContext) {
    const [before] = await db.query(
      `SELECT status, decision, priority, resolution, borrower_answer, reference_code, score FROM fraud_case WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    await db.query(
      `INSERT INTO borrower_answer (case_id, token_id, account_id, answer, via, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [caseId, tokenId, accountId, answer, context.via, context.ip ?? null, context.userAgent?.slice(0, 500) ?? null],
    );
    if (answer === 'not_me') {
      await db.query(
        `UPDATE fraud_case SET decision = 'urgent', priority = 'high', borrower_answer = 'not_me', updated_at = now() WHERE id = $1`,
        [caseId],
      );
      const ruleIds: string[] = (await db.query(`SELECT DISTINCT rule_id FROM rule_hit WHERE case_id = $1`, [caseId])).map((r: { rule_id: string }) => r.rule_id);
      await this.repository.enqueue(db, Topics.accountActions, {
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
      await this.flagMerchants(db, caseId, accountId);
    } else {
      await db.query(
        `UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolved_at = now(), borrower_answer = 'me', updated_at = now() WHERE id = $1`,
        [caseId],
      );
    }
    const [after] = await db.query(`SELECT status, decision, priority, resolution, borrower_answer FROM fraud_case WHERE id = $1`, [caseId]);
    await audit(db, {
      actor: `borrower:${accountId}`,
      action: 'case.borrower_answer',
      entityType: 'case',
      entityId: caseId,
      before,
      after: { ...after, answer, via: context.via, ip: context.ip ?? null, userAgent: context.userAgent?.slice(0, 500) ?? null },
    });
    this.log.log({ msg: 'borrower answered', caseId, answer, via: context.via });
  }

  /** "Not me" on a loan counts against the merchant or partner that opened it, for the roll-up. */
  private async flagMerchants(db: EntityManager, caseId: string, accountId: string): Promise<void> {
    const loans: { body: AccountEvent }[] = await db.query(
      `SELECT DISTINCT e.body FROM rule_hit h JOIN account_event e ON e.id = h.event_id WHERE h.case_id = $1 AND e.type = 'loan.opened'`,
      [caseId],
    );
    const flags = loans.flatMap(({ body }) => {
      const merchant = body.type === 'loan.opened' ? (body.payload.merchantId ?? partnerOf(body.channel)) : undefined;
      return merchant ? [{ merchantId: merchant, accountId, eventId: body.id, caseId, reason: 'not_me' as const, at: new Date().toISOString() }] : [];
    });
    await this.repository.addMerchantFlags(db, flags);
  }
}
