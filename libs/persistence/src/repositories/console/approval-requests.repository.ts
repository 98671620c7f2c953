import type { Transaction } from '../../transactions';

export type ApprovalKind = 'rule_set' | 'case_resolution';

export interface ApprovalRow {
  id: string;
  kind: ApprovalKind;
  subject: string;
  payload: Record<string, unknown>;
  requestedBy: string;
  requesterId: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  referenceCode: string | null;
  amountMinor: number | null;
}

const COLUMNS = `a.id, a.kind, a.subject, a.payload, a.requested_by AS "requestedBy", a.requester_id AS "requesterId", a.requested_at AS "requestedAt",
  a.status, a.decided_by AS "decidedBy", a.decided_at AS "decidedAt", a.decision_note AS "decisionNote",
  c.reference_code AS "referenceCode", (a.payload ->> 'amountMinor')::bigint::float8 AS "amountMinor"`;
const FROM = `approval_request a LEFT JOIN fraud_case c ON a.kind = 'case_resolution' AND c.id::text = a.subject`;

/** The one rule set every publication is about. */
export const RULE_SET_SUBJECT = 'live';

/** The request row as the approver's decision locks it. */
export interface LockedApproval {
  kind: ApprovalKind;
  subject: string;
  payload: Record<string, unknown>;
  status: ApprovalRow['status'];
  requester_id: string;
  requested_by: string;
}

/** Four-eyes requests: decisions that wait for a second person. Every method runs in the caller's transaction (or autocommit). */
export abstract class ApprovalRequests {
  /** The request waiting on this subject, if any: the Rules page and the case page show it. */
  abstract pending(db: Transaction, kind: ApprovalKind, subject?: string): Promise<ApprovalRow | null>;
  abstract byId(db: Transaction, id: string): Promise<ApprovalRow>;
  abstract pendingOf(db: Transaction, kinds: ApprovalKind[]): Promise<ApprovalRow[]>;
  /** Stores a rule-set publication request; undefined when one is pending already. */
  abstract holdRuleSet(db: Transaction, payload: unknown, requestedBy: string, requesterId: string): Promise<string | undefined>;
  /** Locks the request until the transaction ends, so of two people deciding it at once one waits. */
  abstract lock(db: Transaction, id: string): Promise<LockedApproval | undefined>;
  abstract decide(db: Transaction, id: string, decision: 'approved' | 'rejected', decidedBy: string, deciderId: string, note: string | null): Promise<void>;
  /**
   * The case's loans: the amounts of the loan.opened events its rules flagged, in fen. What a wrong
   * "confirmed fraud" puts at stake, and what FOUR_EYES_AMOUNT is compared with.
   */
  abstract caseAmountMinor(db: Transaction, caseId: string): Promise<number>;
  /** The confirmation of fraud waiting on a case, if any. */
  abstract pendingResolution(db: Transaction, caseId: string): Promise<{ id: string; requested_by: string } | undefined>;
  /** Stores a request to confirm a case as fraud; its id. */
  abstract holdResolution(db: Transaction, caseId: string, payload: unknown, requestedBy: string, requesterId: string): Promise<string>;
}

export class ApprovalRequestsRepository implements ApprovalRequests {
  async pending(db: Transaction, kind: ApprovalKind, subject: string = RULE_SET_SUBJECT): Promise<ApprovalRow | null> {
    const [row] = await db.query<ApprovalRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.status = 'pending' AND a.kind = $1 AND a.subject = $2`, [kind, subject]);
    return row ?? null;
  }

  async byId(db: Transaction, id: string): Promise<ApprovalRow> {
    const [row] = await db.query<ApprovalRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1`, [id]);
    return row;
  }

  pendingOf(db: Transaction, kinds: ApprovalKind[]): Promise<ApprovalRow[]> {
    return db.query<ApprovalRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.status = 'pending' AND a.kind = ANY($1) ORDER BY a.requested_at, a.id`, [kinds]);
  }

  async holdRuleSet(db: Transaction, payload: unknown, requestedBy: string, requesterId: string): Promise<string | undefined> {
    const [inserted]: { id: string }[] = await db.query(
      `INSERT INTO approval_request (kind, subject, payload, requested_by, requester_id) VALUES ('rule_set', $1, $2, $3, $4)
       ON CONFLICT (kind, subject) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [RULE_SET_SUBJECT, payload, requestedBy, requesterId],
    );
    return inserted?.id;
  }

  async lock(db: Transaction, id: string): Promise<LockedApproval | undefined> {
    const [found]: LockedApproval[] = await db.query(`SELECT kind, subject, payload, status, requester_id, requested_by FROM approval_request WHERE id = $1 FOR UPDATE`, [id]);
    return found;
  }

  async decide(db: Transaction, id: string, decision: 'approved' | 'rejected', decidedBy: string, deciderId: string, note: string | null): Promise<void> {
    await db.query(`UPDATE approval_request SET status = $2, decided_by = $3, decider_id = $4, decided_at = now(), decision_note = $5 WHERE id = $1`, [
      id,
      decision,
      decidedBy,
      deciderId,
      note,
    ]);
  }

  async caseAmountMinor(db: Transaction, caseId: string): Promise<number> {
    const [row]: { total: string | null }[] = await db.query(
      `SELECT sum((e.body -> 'payload' ->> 'amountMinor')::bigint) AS total
         FROM fraud_case c JOIN account_event e ON e.account_id = c.account_id
        WHERE c.id = $1 AND e.type = 'loan.opened' AND e.id IN (SELECT event_id FROM rule_hit WHERE case_id = $1)`,
      [caseId],
    );
    return Number(row?.total ?? 0);
  }

  async pendingResolution(db: Transaction, caseId: string): Promise<{ id: string; requested_by: string } | undefined> {
    const [row]: { id: string; requested_by: string }[] = await db.query(
      `SELECT id, requested_by FROM approval_request WHERE kind = 'case_resolution' AND subject = $1 AND status = 'pending'`,
      [caseId],
    );
    return row;
  }

  async holdResolution(db: Transaction, caseId: string, payload: unknown, requestedBy: string, requesterId: string): Promise<string> {
    const [approval]: { id: string }[] = await db.query(
      `INSERT INTO approval_request (kind, subject, payload, requested_by, requester_id) VALUES ('case_resolution', $1, $2, $3, $4) RETURNING id`,
      [caseId, payload, requestedBy, requesterId],
    );
    return approval.id;
  }
}
