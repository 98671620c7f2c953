/** Who acts on a case, as far as the case decisions need to know. */
export interface CaseActor {
  id: string;
  /** Supervisors (and admins) work escalated cases and act over whoever holds one. */
  supervisor: boolean;
}

/** The case as an action finds it. */
export interface CaseHolding {
  status: string;
  resolution: string | null;
  assigneeId: string | null;
  escalatedAt: Date | null;
  escalatedBy: string | null;
}

/**
 * Why an action on a case is refused, as a value: the console turns it into its error code and
 * words (a held case's words name the holder, which the console looks up), and a bulk action
 * reports it beside the cases that went ahead.
 */
export type CaseRefusal =
  | { code: 'CASE_RESOLVED'; resolution: string | null }
  | { code: 'CASE_HELD'; holderId: string }
  | { code: 'ESCALATED'; escalatedBy: string | null }
  | { code: 'INVALID_TRANSITION'; from: string; to: string; allowed: readonly string[] }
  | { code: 'NOT_RESOLVED'; status: string };

export const resolvedRefusal = (c: CaseHolding): Extract<CaseRefusal, { code: 'CASE_RESOLVED' }> | null =>
  c.status === 'resolved' ? { code: 'CASE_RESOLVED', resolution: c.resolution } : null;

/** Someone other than the actor holds the case. */
export const heldRefusal = (c: CaseHolding, me: CaseActor): Extract<CaseRefusal, { code: 'CASE_HELD' }> | null =>
  c.assigneeId && c.assigneeId !== me.id ? { code: 'CASE_HELD', holderId: c.assigneeId } : null;
