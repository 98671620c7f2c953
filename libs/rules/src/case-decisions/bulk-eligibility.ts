import type { CaseRefusal } from './case-refusal';

export type BulkAction = 'assign' | 'escalate' | 'resolve';

/**
 * Whether a bulk request may run at all: an analyst may take cases for themself, but handing them
 * to others is a supervisor's call. Everything else is decided case by case.
 */
export function bulkRequestRefusal(request: { action: BulkAction; analystId?: string }, me: { id: string; supervisor: boolean }): { code: 'ROLE_REQUIRED' } | null {
  return request.action === 'assign' && !me.supervisor && request.analystId !== me.id ? { code: 'ROLE_REQUIRED' } : null;
}

/** How one case of a bulk request goes, through the same steps as the single action on its page. */
export type BulkStep =
  /** A supervisor assigns to whoever the request names; an analyst can only claim for themself. */
  | 'assign'
  | 'claim'
  | 'escalate'
  /** An open case goes through review first: claiming it is what checks that nobody else holds it. */
  | 'claim_then_resolve'
  | 'resolve'
  /** A resolved case is refused on its own; the rest of the request goes ahead. */
  | Extract<CaseRefusal, { code: 'CASE_RESOLVED' }>;

export function bulkStep(action: BulkAction, c: { status: string; resolution: string | null } | undefined, me: { supervisor: boolean }): BulkStep {
  switch (action) {
    case 'escalate':
      return 'escalate';
    case 'assign':
      return me.supervisor ? 'assign' : 'claim';
    case 'resolve':
      if (c?.status === 'resolved') return { code: 'CASE_RESOLVED', resolution: c.resolution };
      return c?.status === 'open' ? 'claim_then_resolve' : 'resolve';
  }
}
