import type { DataSource } from 'typeorm';
import type { CaseSummaryRow } from './case-summary';

/** A case as the entity page lists it, with the rules it hit. */
export interface ListedCase extends CaseSummaryRow {
  resolution: string | null;
  rules: string[];
}

/** The case of an account that an analyst would open. */
export interface CaseToOpen {
  accountId: string;
  id: string;
  referenceCode: string;
  status: string;
  decision: string;
  score: number;
}

/** The cases of a set of accounts, as the pages that follow links between accounts show them. */
export abstract class AccountCases {
  /** Up to `limit` of the accounts' cases, the newest first. */
  abstract newestFirst(accountIds: string[], limit: number): Promise<ListedCase[]>;
  /** Per account with a case, the one to open: its unresolved case, else its newest. */
  abstract toOpen(accountIds: string[]): Promise<CaseToOpen[]>;
}

export class AccountCasesRepository implements AccountCases {
  constructor(private readonly dataSource: DataSource) {}

  newestFirst(accountIds: string[], limit: number): Promise<ListedCase[]> {
    return this.dataSource.query<ListedCase[]>(
      `SELECT c.id, c.reference_code AS "referenceCode", c.account_id AS "accountId", c.status, c.resolution, c.decision, c.priority,
              c.score, c.opened_at AS "openedAt",
              COALESCE(array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) FILTER (WHERE h.rule_id IS NOT NULL), '{}') AS rules
         FROM fraud_case c LEFT JOIN rule_hit h ON h.case_id = c.id
        WHERE c.account_id = ANY($1::text[])
        GROUP BY c.id ORDER BY c.opened_at DESC, c.id LIMIT $2`,
      [accountIds, limit],
    );
  }

  toOpen(accountIds: string[]): Promise<CaseToOpen[]> {
    return this.dataSource.query<CaseToOpen[]>(
      `SELECT DISTINCT ON (account_id) account_id AS "accountId", id, reference_code AS "referenceCode", status, decision, score
         FROM fraud_case WHERE account_id = ANY($1::text[])
        ORDER BY account_id, (status <> 'resolved') DESC, opened_at DESC`,
      [accountIds],
    );
  }
}
