import type { EntityManager } from 'typeorm';

/**
 * The case's loans: the amounts of the loan.opened events its rules flagged, in fen. What a wrong
 * "confirmed fraud" puts at stake, and what FOUR_EYES_AMOUNT is compared with.
 */
export async function caseAmountMinor(db: EntityManager, caseId: string): Promise<number> {
  const [row]: { total: string | null }[] = await db.query(
    `SELECT sum((e.body -> 'payload' ->> 'amountMinor')::bigint) AS total
       FROM fraud_case c JOIN account_event e ON e.account_id = c.account_id
      WHERE c.id = $1 AND e.type = 'loan.opened' AND e.id IN (SELECT event_id FROM rule_hit WHERE case_id = $1)`,
    [caseId],
  );
  return Number(row?.total ?? 0);
}
