import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AnswerContext, type AnswerTokenRow, findUsableAnswerToken, hashAnswerToken, recordBorrowerAnswer } from '@sentinel/persistence';
import type { BorrowerAnswer } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';

/** The verify page's use of answer tokens: open one, and answer through one. */
@Injectable()
export class BorrowerAnswersService {
  private readonly log = new Logger(BorrowerAnswersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** The token if it can still be used, marking when it was first opened. */
  async open(token: string): Promise<AnswerTokenRow | null> {
    const row = await findUsableAnswerToken(this.dataSource.manager, token);
    if (!row || (row.kind === 'fraud' && !row.caseId)) return null;
    if (!row.openedAt) await this.dataSource.query(`UPDATE answer_token SET opened_at = now() WHERE id = $1 AND opened_at IS NULL`, [row.id]);
    return row;
  }

  /**
   * The reference code of a fraud link that was itself used to answer, for the borrower reopening the
   * link they answered through. A token voided without an answer, or unknown, gets null.
   */
  async answeredThrough(token: string): Promise<{ referenceCode: string; locale: 'zh-CN' | 'en' } | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const [row] = await this.dataSource.query<{ referenceCode: string; locale: 'zh-CN' | 'en' }[]>(
      `SELECT t.reference_code AS "referenceCode", t.locale FROM answer_token t
        WHERE t.token_hash = $1 AND t.kind = 'fraud' AND t.used_at IS NOT NULL AND EXISTS (SELECT 1 FROM borrower_answer a WHERE a.token_id = t.id)`,
      [hashAnswerToken(token)],
    );
    return row ?? null;
  }

  /** The amount of the loan a fraud link asks about; the link's summary names only the event's type and time. */
  async loanAmount(row: AnswerTokenRow): Promise<{ amountMinor: number; currency: string } | null> {
    if (row.summary.eventType !== 'loan.opened' || !row.summary.occurredAt) return null;
    // amountMinor is jsonb, checked below: an event recorded under an older contract may lack it.
    const [event] = await this.dataSource.query<{ amountMinor: unknown; currency: string }[]>(
      `SELECT body->'payload'->'amountMinor' AS "amountMinor", body->'payload'->>'currency' AS currency FROM account_event
        WHERE account_id = $1 AND type = 'loan.opened' AND occurred_at = $2 ORDER BY id LIMIT 1`,
      [row.accountId, row.summary.occurredAt],
    );
    return event && typeof event.amountMinor === 'number' ? { amountMinor: event.amountMinor, currency: event.currency } : null;
  }

  /** Records the answer; null when the token is unknown, used or expired. */
  async answer(token: string, answer: BorrowerAnswer, context: AnswerContext): Promise<AnswerTokenRow | null> {
    const row = await this.dataSource.transaction(async (db) => {
      const found = await findUsableAnswerToken(db, token, true);
      if (!found || found.kind !== 'fraud' || !found.caseId) return null;
      await db.query(`UPDATE answer_token SET opened_at = COALESCE(opened_at, now()) WHERE id = $1`, [found.id]);
      const outcome = await recordBorrowerAnswer(db, {
        caseId: found.caseId,
        accountId: found.accountId,
        source: { tokenId: found.id, recipientSince: found.recipientSince, trustedContactAgeMs: this.config.trustedContactAgeMs },
        answer,
        context,
      });
      return { found, outcome };
    });
    if (row) this.log.log({ msg: 'borrower answered', caseId: row.found.caseId, answer, outcome: row.outcome, via: context.via });
    return row?.found ?? null;
  }

  /**
   * The borrower follows a notice on to the platform's re-verification: recorded with when, and
   * for ID documents the reminders stop; a new expiry date from the platform starts them afresh.
   */
  async continueNotice(token: string, context: AnswerContext): Promise<AnswerTokenRow | null> {
    return this.dataSource.transaction(async (db) => {
      const row = await findUsableAnswerToken(db, token, true);
      if (!row || row.kind !== 'notice') return null;
      await db.query(`UPDATE answer_token SET used_at = now(), opened_at = COALESCE(opened_at, now()) WHERE id = $1`, [row.id]);
      await db.query(`INSERT INTO borrower_answer (token_id, account_id, answer, via, ip, user_agent) VALUES ($1, $2, 'continued', $3, $4, $5)`, [
        row.id,
        row.accountId,
        context.via,
        context.ip ?? null,
        context.userAgent?.slice(0, 500) ?? null,
      ]);
      if (row.summary.noticeType?.startsWith('id.')) {
        await db.query(`UPDATE document_expiry SET borrower_acted_at = now() WHERE account_id = $1`, [row.accountId]);
      }
      return row;
    });
  }
}
