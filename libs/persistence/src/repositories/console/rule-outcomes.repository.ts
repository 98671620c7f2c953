import type { DataSource } from 'typeorm';

/** A rule's hits, the cases they are on, and how many of those cases have turned out fraud or legitimate. */
export interface RuleOutcomeCounts {
  rule_id: string;
  hits: number;
  cases: number;
  fraud: number;
  legitimate: number;
}

/** How the cases each rule hit turned out, for the rule's measured precision. */
export abstract class RuleOutcomes {
  /**
   * Per rule that hit: a case counts as fraud when resolved as fraud or answered "not me" by the
   * borrower, as legitimate when resolved legitimate or answered "was me".
   */
  abstract byRule(): Promise<RuleOutcomeCounts[]>;
}

export class RuleOutcomesRepository implements RuleOutcomes {
  constructor(private readonly dataSource: DataSource) {}

  byRule(): Promise<RuleOutcomeCounts[]> {
    return this.dataSource.query<RuleOutcomeCounts[]>(
      `SELECT h.rule_id, count(*)::int AS hits, count(DISTINCT h.case_id)::int AS cases,
              count(DISTINCT h.case_id) FILTER (WHERE c.resolution = 'fraud_confirmed' OR c.borrower_answer = 'not_me')::int AS fraud,
              count(DISTINCT h.case_id) FILTER (WHERE c.resolution = 'legitimate' OR c.borrower_answer = 'me')::int AS legitimate
         FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id GROUP BY h.rule_id`,
    );
  }
}
