import { type CaseActor, type CaseHolding, type CaseRefusal, heldRefusal, resolvedRefusal } from './case-refusal';

/**
 * Whether `me` may escalate the case: not once it is resolved, and an analyst only a case nobody
 * else holds; a supervisor may take any unresolved case up.
 */
export function escalationRefusal(c: CaseHolding, me: CaseActor): Extract<CaseRefusal, { code: 'CASE_RESOLVED' | 'CASE_HELD' }> | null {
  return resolvedRefusal(c) ?? (me.supervisor ? null : heldRefusal(c, me));
}

/**
 * What escalation does: the case jumps the queue (high priority) and waits, open and unassigned,
 * for a supervisor.
 */
export function escalatedCase(actor: string, now: Date) {
  return { priority: 'high', escalatedAt: now, escalatedBy: actor, assigneeId: null, claimedAt: null, status: 'open' } as const;
}

/**
 * An escalated case waits for a supervisor: a supervisor works it, or the analyst one assigns it
 * to; anyone else is refused.
 */
export function escalatedCaseRefusal(c: CaseHolding, me: CaseActor): Extract<CaseRefusal, { code: 'ESCALATED' }> | null {
  return c.escalatedAt && c.assigneeId !== me.id && !me.supervisor ? { code: 'ESCALATED', escalatedBy: c.escalatedBy } : null;
}
