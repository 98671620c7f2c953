import type { EntityManager } from 'typeorm';

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

/** The request waiting on this subject, if any: the Rules page and the case page show it. */
export async function pendingApproval(db: EntityManager, kind: ApprovalKind, subject: string = RULE_SET_SUBJECT): Promise<ApprovalRow | null> {
  const [row] = await db.query<ApprovalRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.status = 'pending' AND a.kind = $1 AND a.subject = $2`, [kind, subject]);
  return row ?? null;
}

export async function approvalById(db: EntityManager, id: string): Promise<ApprovalRow> {
  const [row] = await db.query<ApprovalRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1`, [id]);
  return row;
}

export async function pendingApprovals(db: EntityManager, kinds: ApprovalKind[]): Promise<ApprovalRow[]> {
  return db.query<ApprovalRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.status = 'pending' AND a.kind = ANY($1) ORDER BY a.requested_at, a.id`, [kinds]);
}
