import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AnswerContext, type AnswerTokenRow, type BorrowerAnswer, findUsableAnswerToken, recordBorrowerAnswer } from '@sentinel/persistence';
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
      await db.query(
        `INSERT INTO borrower_answer (token_id, account_id, answer, via, ip, user_agent) VALUES ($1, $2, 'continued', $3, $4, $5)`,
        [row.id, row.accountId, context.via, context.ip ?? null, context.userAgent?.slice(0, 500) ?? null],
      );
      if (row.summary.noticeType?.startsWith('id.')) {
        await db.query(`UPDATE document_expiry SET borrower_acted_at = now() WHERE account_id = $1`, [row.accountId]);
      }
      return row;
    });
  }
}
