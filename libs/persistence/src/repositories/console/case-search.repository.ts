import type { Transaction } from '../../transactions';
import { contactHash } from '../contact-hash';
import type { CaseSummaryRow } from './case-summary';

/** What one search looks for, any of them: a phone in E.164 and an email in lower case, as contacts are stored. */
export interface SearchFor {
  referenceCode?: string;
  /** The start of an account id. */
  accountPrefix?: string;
  phone?: string;
  email?: string;
}

export interface AccountMatch {
  account_id: string;
  /** reference, account, phone or email */
  matched_by: string;
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Finds accounts by a case's reference code, an account id prefix, a phone or an email, and then their cases. */
export abstract class CaseSearch {
  /** Each account found and how, by account id, at most `limit` (an account found two ways counts twice). */
  abstract matches(db: Transaction, term: SearchFor, limit: number): Promise<AccountMatch[]>;
  /** The accounts' cases: unresolved ones first, then the newest. */
  abstract casesOf(db: Transaction, accountIds: string[], limit: number): Promise<CaseSummaryRow[]>;
}

export class CaseSearchRepository implements CaseSearch {
  matches(db: Transaction, term: SearchFor, limit: number): Promise<AccountMatch[]> {
    // One union keyed by how each case matched; contacts by the hash of their normal form, current or past.
    return db.query(
      `SELECT DISTINCT account_id, matched_by FROM (
         SELECT account_id, 'reference' AS matched_by FROM fraud_case WHERE $1::text IS NOT NULL AND reference_code = $1
         UNION ALL
         SELECT DISTINCT account_id, 'account' FROM fraud_case WHERE $2::text IS NOT NULL AND account_id LIKE $2
         UNION ALL
         SELECT account_id, kind FROM account_contact WHERE value_hash = ANY($3::text[])
       ) m ORDER BY account_id LIMIT $4`,
      [
        term.referenceCode ?? null,
        term.accountPrefix ? likePrefix(term.accountPrefix) : null,
        [term.phone && contactHash('phone', term.phone), term.email && contactHash('email', term.email)].filter(Boolean),
        limit,
      ],
    );
  }

  async casesOf(db: Transaction, accountIds: string[], limit: number): Promise<CaseSummaryRow[]> {
    if (accountIds.length === 0) return [];
    return db.query(
      `SELECT id, reference_code AS "referenceCode", account_id AS "accountId", status, decision, priority, score, opened_at AS "openedAt"
         FROM fraud_case WHERE account_id = ANY($1::text[])
        ORDER BY (status <> 'resolved') DESC, opened_at DESC LIMIT $2`,
      [accountIds, limit],
    );
  }
}
