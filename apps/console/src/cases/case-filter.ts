import type { ListCasesQuery } from './case-list.query';

export interface CaseFilter {
  /** `WHERE …`, or empty. */
  where: string;
  params: unknown[];
  /** Adds a parameter after the filter's own and returns its placeholder. */
  param: (value: unknown) => string;
}

/** Waiting past the target: not resolved, and opened longer ago than the target allows. */
export const overSla = (minutes: string) => `(c.status <> 'resolved' AND c.opened_at < now() - make_interval(mins => ${minutes}::int))`;

/**
 * The queue's filters as SQL over `fraud_case c`, shared by the list and the export so a CSV holds
 * exactly the cases the analyst was looking at. Values only ever travel as parameters.
 */
export function caseFilter(query: Omit<ListCasesQuery, 'sort' | 'limit' | 'cursor'>, meId: string, slaMinutes: number): CaseFilter {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (query.status === 'unresolved') where.push(`c.status <> 'resolved'`);
  else if (query.status) where.push(`c.status = ${param(query.status)}`);
  if (query.priority) where.push(`c.priority = ${param(query.priority)}`);
  if (query.decision) where.push(`c.decision = ${param(query.decision)}`);
  if (query.resolution) where.push(`c.resolution = ${param(query.resolution)}`);
  if (query.answer === 'none') where.push(`c.borrower_answer IS NULL`);
  else if (query.answer) where.push(`c.borrower_answer = ${param(query.answer)}`);
  if (query.rule) where.push(`EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.rule_id = ${param(query.rule)})`);
  if (query.merchant) {
    where.push(`EXISTS (SELECT 1 FROM merchant_flag f WHERE f.case_id = c.id AND f.merchant_id = ${param(query.merchant)})`);
  }
  if (query.account) where.push(`c.account_id = ${param(query.account)}`);
  if (query.from) where.push(`c.opened_at >= ${param(query.from)}::timestamptz`);
  if (query.to) where.push(`c.opened_at < ${param(query.to)}::timestamptz`);
  if (query.assigned === 'unassigned') where.push(`c.assignee_id IS NULL`);
  else if (query.assigned) where.push(`c.assignee_id = ${param(query.assigned === 'me' ? meId : query.assigned)}::uuid`);
  if (query.escalated) where.push(query.escalated === 'true' ? `c.escalated_at IS NOT NULL` : `c.escalated_at IS NULL`);
  if (query.sla === 'over') where.push(overSla(param(slaMinutes)));
  else if (query.sla === 'within') where.push(`c.status <> 'resolved' AND NOT ${overSla(param(slaMinutes))}`);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params, param };
}
