import type { Transaction } from '../../transactions';

interface RingGroupCase {
  id: string;
  referenceCode: string;
  accountId: string;
  status: string;
  resolution: string | null;
  assignee: { id: string; displayName: string } | null;
}

export interface RingGroup {
  id: string;
  anchorCaseId: string;
  createdBy: string;
  createdAt: Date;
  /** The anchor first, then by reference code. */
  cases: RingGroupCase[];
}

/** Rings investigated as one: a group of cases under the case it was opened from. */
export abstract class RingGroups {
  /** The group holding the case, if any. */
  abstract groupOf(db: Transaction, caseId: string): Promise<string | undefined>;
  /** Makes a group of the anchor and the other cases; a case already in a group stays there. Returns the group's id and the cases it took. */
  abstract create(db: Transaction, anchorCaseId: string, caseIds: string[], createdBy: string): Promise<{ id: string; caseIds: string[] }>;
  abstract get(db: Transaction, id: string): Promise<RingGroup | undefined>;
}

type Row = { group_id: string; anchor_case_id: string; created_by: string; created_at: Date } & {
  id: string;
  reference_code: string;
  account_id: string;
  status: string;
  resolution: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
};

export class RingGroupsRepository implements RingGroups {
  async groupOf(db: Transaction, caseId: string): Promise<string | undefined> {
    const [row]: { group_id: string }[] = await db.query(`SELECT group_id FROM ring_group_case WHERE case_id = $1`, [caseId]);
    return row?.group_id;
  }

  async create(db: Transaction, anchorCaseId: string, caseIds: string[], createdBy: string): Promise<{ id: string; caseIds: string[] }> {
    const [{ id }]: { id: string }[] = await db.query(`INSERT INTO ring_group (anchor_case_id, created_by) VALUES ($1, $2) RETURNING id`, [anchorCaseId, createdBy]);
    const taken: { case_id: string }[] = await db.query(
      `INSERT INTO ring_group_case (group_id, case_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [id, [anchorCaseId, ...caseIds.filter((c) => c !== anchorCaseId)]],
    );
    return { id, caseIds: taken.map((t) => t.case_id) };
  }

  async get(db: Transaction, id: string): Promise<RingGroup | undefined> {
    const rows: Row[] = await db.query(
      `SELECT g.id AS group_id, g.anchor_case_id, g.created_by, g.created_at,
              c.id, c.reference_code, c.account_id, c.status, c.resolution, c.assignee_id, a.display_name AS assignee_name
         FROM ring_group g
         JOIN ring_group_case gc ON gc.group_id = g.id
         JOIN fraud_case c ON c.id = gc.case_id
         LEFT JOIN analyst a ON a.id = c.assignee_id
        WHERE g.id = $1
        ORDER BY c.id = g.anchor_case_id DESC, c.reference_code`,
      [id],
    );
    if (rows.length === 0) return undefined;
    const [first] = rows;
    return {
      id: first.group_id,
      anchorCaseId: first.anchor_case_id,
      createdBy: first.created_by,
      createdAt: first.created_at,
      cases: rows.map((r) => ({
        id: r.id,
        referenceCode: r.reference_code,
        accountId: r.account_id,
        status: r.status,
        resolution: r.resolution,
        assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
      })),
    };
  }
}
