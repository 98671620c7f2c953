import { type CaseActor, type CaseHolding, type CaseRefusal, heldRefusal, resolvedRefusal } from './case-refusal';
import { escalatedCaseRefusal } from './escalation';

type Refusal<C extends CaseRefusal['code']> = Extract<CaseRefusal, { code: C }>;

/**
 * Whether `me` may do an action to the case as it stands, one function per action, each checking
 * in the order its refusal is reported and typed with the refusals it can give, so each route
 * answers only its own. `go` does the action; `noop` leaves the case as it is, since the action is
 * already in effect. What needs the database (that an assigned analyst is active, that the account
 * has no other case open) the console checks after a `go`.
 */
export function claimVerdict(c: CaseHolding, me: CaseActor): 'go' | 'noop' | Refusal<'CASE_HELD' | 'CASE_RESOLVED' | 'ESCALATED'> {
  if (c.assigneeId === me.id) return 'noop';
  // A supervisor too is refused a case someone else holds: claiming it is taking it from them.
  return heldRefusal(c, me) ?? resolvedRefusal(c) ?? escalatedCaseRefusal(c, me) ?? 'go';
}

export function assignVerdict(c: CaseHolding): 'go' | Refusal<'CASE_RESOLVED'> {
  return resolvedRefusal(c) ?? 'go';
}

/** The holder releases a case, or a supervisor does for them. */
export function releaseVerdict(c: CaseHolding, me: CaseActor): 'go' | 'noop' | Refusal<'CASE_HELD' | 'CASE_RESOLVED'> {
  const resolved = resolvedRefusal(c);
  if (resolved) return resolved;
  if (!c.assigneeId) return 'noop';
  return (me.supervisor ? null : heldRefusal(c, me)) ?? 'go';
}

/** The statuses a case may move to from each: resolved cases are final (a supervisor reopens one). */
const NEXT_STATUS: Record<string, readonly string[]> = { open: ['in_review'], in_review: ['open', 'resolved'], resolved: [] };

export function statusVerdict(c: CaseHolding, to: string, me: CaseActor): 'go' | Refusal<'INVALID_TRANSITION' | 'CASE_HELD' | 'ESCALATED'> {
  const allowed = NEXT_STATUS[c.status] ?? [];
  if (!allowed.includes(to)) return { code: 'INVALID_TRANSITION', from: c.status, to, allowed };
  // Whoever works the case decides it; taking it into review claims it.
  const held = me.supervisor ? null : heldRefusal(c, me);
  return held ?? (to !== 'open' ? escalatedCaseRefusal(c, me) : null) ?? 'go';
}

/** Only a resolved case is reopened (by a supervisor: the route checks the role). */
export function reopenVerdict(c: CaseHolding): 'go' | Refusal<'NOT_RESOLVED'> {
  return c.status === 'resolved' ? 'go' : { code: 'NOT_RESOLVED', status: c.status };
}
