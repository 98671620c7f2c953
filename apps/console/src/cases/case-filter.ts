import type { CaseFilter } from '@sentinel/persistence';
import type { CaseFiltersQuery } from './case-list.query';

/**
 * The queue's filters as the request gave them, read for the analyst who asked (`assigned=me` is
 * their id), shared by the list and the export so a CSV holds exactly the cases they were looking at.
 */
export function caseFilter(query: Omit<CaseFiltersQuery, 'sort'>, meId: string): CaseFilter {
  return {
    status: query.status,
    priority: query.priority,
    decision: query.decision,
    resolution: query.resolution,
    answer: query.answer,
    rule: query.rule,
    merchant: query.merchant,
    account: query.account,
    from: query.from,
    to: query.to,
    assigned: query.assigned === 'me' ? meId : query.assigned,
    escalated: query.escalated === undefined ? undefined : query.escalated === 'true',
    sla: query.sla,
  };
}
