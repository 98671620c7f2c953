import type { DataSource } from 'typeorm';

export type CaseOutcome = 'fraud' | 'legitimate';

export interface ExistingCase {
  id: string;
  referenceCode: string;
  status: string;
}

/** The platform's own cases, as a backtest's impact compares its verdicts with them. */
export abstract class BacktestCases {
  abstract newestCases(accountIds: string[]): Promise<Map<string, ExistingCase>>;
  abstract outcomes(from: Date, to: Date): Promise<Map<string, CaseOutcome>>;
}

export class BacktestCasesRepository implements BacktestCases {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The newest case of each account, an unresolved one first: the one an analyst would open to see
   * what the account's case looks like today.
   */
  async newestCases(accountIds: string[]): Promise<Map<string, ExistingCase>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.dataSource.query<{ account_id: string; id: string; reference_code: string; status: string }[]>(
      `SELECT DISTINCT ON (account_id) account_id, id, reference_code, status FROM fraud_case
        WHERE account_id = ANY($1) ORDER BY account_id, (status <> 'resolved') DESC, opened_at DESC`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.account_id, { id: r.id, referenceCode: r.reference_code, status: r.status }]));
  }

  /**
   * Each account's outcome from its newest case opened in the backtest's range that has one, counted
   * as the Rules page counts a rule's precision: fraud when resolved as fraud or denied by the
   * borrower, legitimate when resolved legitimate or confirmed by the borrower. An analyst's
   * resolution outranks the borrower's answer.
   */
  async outcomes(from: Date, to: Date): Promise<Map<string, CaseOutcome>> {
    const rows = await this.dataSource.query<{ account_id: string; outcome: CaseOutcome }[]>(
      `SELECT DISTINCT ON (account_id) account_id,
              CASE WHEN resolution = 'fraud_confirmed' THEN 'fraud' WHEN resolution = 'legitimate' THEN 'legitimate'
                   WHEN borrower_answer = 'not_me' THEN 'fraud' ELSE 'legitimate' END AS outcome
         FROM fraud_case
        WHERE opened_at >= $1 AND opened_at < $2
          AND (resolution IN ('fraud_confirmed', 'legitimate') OR borrower_answer IN ('me', 'not_me'))
        ORDER BY account_id, opened_at DESC`,
      [from, to],
    );
    return new Map(rows.map((r) => [r.account_id, r.outcome]));
  }
}
