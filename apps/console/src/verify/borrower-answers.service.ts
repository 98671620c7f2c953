import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AnswerContext, AnswerLinks, type AnswerTokenRow, recordBorrowerAnswer, Transactions } from '@sentinel/persistence';
import type { BorrowerAnswer } from '@sentinel/rules';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';

/** The verify page's use of answer tokens: open one, and answer through one. */
@Injectable()
export class BorrowerAnswersService {
  private readonly log = new Logger(BorrowerAnswersService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly links: AnswerLinks,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** The token if it can still be used, marking when it was first opened. */
  async open(token: string): Promise<AnswerTokenRow | null> {
    const row = await this.links.usable(this.transactions.autocommit, token);
    if (!row || (row.kind === 'fraud' && !row.caseId)) return null;
    if (!row.openedAt) await this.links.opened(this.transactions.autocommit, row.id);
    return row;
  }

  /**
   * The reference code of a fraud link that was itself used to answer, for the borrower reopening the
   * link they answered through. A token voided without an answer, or unknown, gets null.
   */
  async answeredThrough(token: string): Promise<{ referenceCode: string; locale: 'zh-CN' | 'en' } | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    return this.links.answeredThrough(token);
  }

  /** The amount of the loan a fraud link asks about; the link's summary names only the event's type and time. */
  async loanAmount(row: AnswerTokenRow): Promise<{ amountMinor: number; currency: string } | null> {
    if (row.summary.eventType !== 'loan.opened' || !row.summary.occurredAt) return null;
    return this.links.loanAmount(row.accountId, row.summary.occurredAt);
  }

  /** Records the answer; null when the token is unknown, used or expired. */
  async answer(token: string, answer: BorrowerAnswer, context: AnswerContext): Promise<AnswerTokenRow | null> {
    const row = await this.transactions.run(async (db) => {
      const found = await this.links.usable(db, token, true);
      if (!found || found.kind !== 'fraud' || !found.caseId) return null;
      await this.links.opened(db, found.id);
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
    return this.transactions.run(async (db) => {
      const row = await this.links.usable(db, token, true);
      if (!row || row.kind !== 'notice') return null;
      await this.links.continued(db, row, context);
      if (row.summary.noticeType?.startsWith('id.')) await this.links.documentActedOn(db, row.accountId);
      return row;
    });
  }
}
