/**
 * The queue's filters as the console reads them from a request, every one optional: the list, the
 * export and a saved filter select cases with the same ones.
 */
export interface CaseFilter {
  /** `unresolved`: open or in review. */
  status?: 'open' | 'in_review' | 'resolved' | 'unresolved';
  priority?: 'normal' | 'high';
  decision?: 'alert' | 'urgent';
  resolution?: 'fraud_confirmed' | 'legitimate' | 'inconclusive';
  /** `none`: the borrower has not answered. */
  answer?: 'me' | 'not_me' | 'none';
  /** A rule that hit the case. */
  rule?: string;
  /** A merchant flagged on the case. */
  merchant?: string;
  account?: string;
  /** Opened at or after this instant (ISO 8601 with its offset). */
  from?: string;
  /** Opened before this instant. */
  to?: string;
  /** The analyst id holding the case, or `unassigned`. */
  assigned?: string;
  escalated?: boolean;
  /** Against the waiting-time target: past it, or not yet. Both mean not resolved. */
  sla?: 'over' | 'within';
}

/** Waiting past the target: not resolved, and opened longer ago than the target (in minutes, the parameter) allows. */
export const overSla = (minutes: string) => `(c.status <> 'resolved' AND c.opened_at < now() - make_interval(mins => ${minutes}::int))`;

interface FilterSql {
  /** `WHERE …` over `fraud_case c`, or empty. */
  where: string;
  params: unknown[];
  /** Adds a parameter after the filter's own and returns its placeholder. */
  param: (value: unknown) => string;
}

/** The filter as SQL over `fraud_case c`. Values only ever travel as parameters. */
export function filterSql(filter: CaseFilter, slaMinutes: number): FilterSql {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filter.status === 'unresolved') where.push(`c.status <> 'resolved'`);
  else if (filter.status) where.push(`c.status = ${param(filter.status)}`);
  if (filter.priority) where.push(`c.priority = ${param(filter.priority)}`);
  if (filter.decision) where.push(`c.decision = ${param(filter.decision)}`);
  if (filter.resolution) where.push(`c.resolution = ${param(filter.resolution)}`);
  if (filter.answer === 'none') where.push(`c.borrower_answer IS NULL`);
  else if (filter.answer) where.push(`c.borrower_answer = ${param(filter.answer)}`);
  if (filter.rule) where.push(`EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.rule_id = ${param(filter.rule)})`);
  if (filter.merchant) {
    where.push(`EXISTS (SELECT 1 FROM merchant_flag f WHERE f.case_id = c.id AND f.merchant_id = ${param(filter.merchant)})`);
  }
  if (filter.account) where.push(`c.account_id = ${param(filter.account)}`);
  if (filter.from) where.push(`c.opened_at >= ${param(filter.from)}::timestamptz`);
  if (filter.to) where.push(`c.opened_at < ${param(filter.to)}::timestamptz`);
  if (filter.assigned === 'unassigned') where.push(`c.assignee_id IS NULL`);
  else if (filter.assigned) where.push(`c.assignee_id = ${param(filter.assigned)}::uuid`);
  if (filter.escalated !== undefined) where.push(filter.escalated ? `c.escalated_at IS NOT NULL` : `c.escalated_at IS NULL`);
  if (filter.sla === 'over') where.push(overSla(param(slaMinutes)));
  else if (filter.sla === 'within') where.push(`c.status <> 'resolved' AND NOT ${overSla(param(slaMinutes))}`);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params, param };
}
