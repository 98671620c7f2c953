import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';
import { type AnswerTokenRow, findUsableAnswerToken, hashAnswerToken } from '../answer-tokens';
import type { AnswerContext } from '../borrower-answers';

/** The answer links as the borrower's verify page opens them and answers through them. */
export abstract class AnswerLinks {
  /** The link's token if it can still be used: known, unused, not expired. `lock` for a caller that will use it. */
  abstract usable(db: Transaction, token: string, lock?: boolean): Promise<AnswerTokenRow | null>;
  /** Records when the link was first opened; opening it again keeps that time. */
  abstract opened(db: Transaction, id: string): Promise<void>;
  /** The reference code and language of a fraud link that an answer was given through; null for any other token. */
  abstract answeredThrough(token: string): Promise<{ referenceCode: string; locale: 'zh-CN' | 'en' } | null>;
  /** The amount of the loan the account opened at `occurredAt`; null when there is none, or its event carries no amount. */
  abstract loanAmount(accountId: string, occurredAt: string): Promise<{ amountMinor: number; currency: string } | null>;
  /** The borrower followed a notice's link on to the platform: the link is used up, and "continued" is recorded as their answer. */
  abstract continued(db: Transaction, link: Pick<AnswerTokenRow, 'id' | 'accountId'>, context: AnswerContext): Promise<void>;
  /** The borrower acted on an ID document's expiry: its reminders stop, until the platform sends a new expiry date. */
  abstract documentActedOn(db: Transaction, accountId: string): Promise<void>;
}

export class AnswerLinksRepository implements AnswerLinks {
  constructor(private readonly dataSource: DataSource) {}

  usable(db: Transaction, token: string, lock = false): Promise<AnswerTokenRow | null> {
    return findUsableAnswerToken(db, token, lock);
  }

  async opened(db: Transaction, id: string): Promise<void> {
    await db.query(`UPDATE answer_token SET opened_at = now() WHERE id = $1 AND opened_at IS NULL`, [id]);
  }

  async answeredThrough(token: string): Promise<{ referenceCode: string; locale: 'zh-CN' | 'en' } | null> {
    const [row] = await this.dataSource.query<{ referenceCode: string; locale: 'zh-CN' | 'en' }[]>(
      `SELECT t.reference_code AS "referenceCode", t.locale FROM answer_token t
        WHERE t.token_hash = $1 AND t.kind = 'fraud' AND t.used_at IS NOT NULL AND EXISTS (SELECT 1 FROM borrower_answer a WHERE a.token_id = t.id)`,
      [hashAnswerToken(token)],
    );
    return row ?? null;
  }

  async loanAmount(accountId: string, occurredAt: string): Promise<{ amountMinor: number; currency: string } | null> {
    // amountMinor is jsonb, checked below: an event recorded under an older contract may lack it.
    const [event] = await this.dataSource.query<{ amountMinor: unknown; currency: string }[]>(
      `SELECT body->'payload'->'amountMinor' AS "amountMinor", body->'payload'->>'currency' AS currency FROM account_event
        WHERE account_id = $1 AND type = 'loan.opened' AND occurred_at = $2 ORDER BY id LIMIT 1`,
      [accountId, occurredAt],
    );
    return event && typeof event.amountMinor === 'number' ? { amountMinor: event.amountMinor, currency: event.currency } : null;
  }

  async continued(db: Transaction, link: Pick<AnswerTokenRow, 'id' | 'accountId'>, context: AnswerContext): Promise<void> {
    await db.query(`UPDATE answer_token SET used_at = now(), opened_at = COALESCE(opened_at, now()) WHERE id = $1`, [link.id]);
    await db.query(`INSERT INTO borrower_answer (token_id, account_id, answer, via, ip, user_agent) VALUES ($1, $2, 'continued', $3, $4, $5)`, [
      link.id,
      link.accountId,
      context.via,
      context.ip ?? null,
      context.userAgent?.slice(0, 500) ?? null,
    ]);
  }

  async documentActedOn(db: Transaction, accountId: string): Promise<void> {
    await db.query(`UPDATE document_expiry SET borrower_acted_at = now() WHERE account_id = $1`, [accountId]);
  }
}
