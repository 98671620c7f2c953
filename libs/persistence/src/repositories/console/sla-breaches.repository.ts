import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';
import { overSla } from './case-filter';

/** pg_try_advisory_xact_lock key: one console instance runs the SLA pass at a time (any 64-bit number no other lock uses). */
const SLA_PASS_LOCK = 7_246_240_024;

export interface SlaBreachRow {
  id: string;
  reference_code: string;
  account_id: string;
  status: 'open' | 'in_review';
  priority: 'normal' | 'high';
  opened_at: Date;
  over_minutes: number;
  assignee_id: string | null;
  assignee_name: string | null;
  escalated_at: Date | null;
  escalated_by: string | null;
  /** How many cases are past their target, on every row of the page. */
  total: number;
}

/** A case past its target that nobody has escalated yet. */
export interface DueCase {
  id: string;
  status: string;
  priority: string;
  assignee_id: string | null;
  opened_at: Date;
  over_minutes: number;
}

/** Cases past their SLA target (`slaMinutes` after they opened): listed for supervisors, and escalated once by the SLA pass. */
export abstract class SlaBreaches {
  /** Up to `limit` of them, the longest waiting first. */
  abstract page(slaMinutes: number, limit: number): Promise<SlaBreachRow[]>;
  abstract count(slaMinutes: number): Promise<number>;
  /** Whether this transaction runs the pass: false while another holds it. */
  abstract takePass(db: Transaction): Promise<boolean>;
  /**
   * Locks up to `limit` of them that neither a person nor the pass has escalated, the oldest
   * first, skipping any a transaction holds right now (an analyst changing it).
   */
  abstract lockDue(db: Transaction, slaMinutes: number, limit: number): Promise<DueCase[]>;
  /** Marks the case escalated by the pass, with high priority. */
  abstract escalate(db: Transaction, id: string, actor: string): Promise<void>;
}

export class SlaBreachesRepository implements SlaBreaches {
  constructor(private readonly dataSource: DataSource) {}

  page(slaMinutes: number, limit: number): Promise<SlaBreachRow[]> {
    return this.dataSource.query<SlaBreachRow[]>(
      `SELECT c.id, c.reference_code, c.account_id, c.status, c.priority, c.opened_at, c.escalated_at, c.escalated_by, c.assignee_id,
              a.display_name AS assignee_name, floor(extract(epoch FROM now() - c.opened_at) / 60)::int - $1::int AS over_minutes,
              count(*) OVER ()::int AS total
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
        WHERE ${overSla('$1')}
        ORDER BY c.opened_at, c.id LIMIT $2`,
      [slaMinutes, limit],
    );
  }

  async count(slaMinutes: number): Promise<number> {
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM fraud_case c WHERE ${overSla('$1')}`, [slaMinutes]);
    return total;
  }

  async takePass(db: Transaction): Promise<boolean> {
    const [{ locked }]: { locked: boolean }[] = await db.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SLA_PASS_LOCK]);
    return locked;
  }

  lockDue(db: Transaction, slaMinutes: number, limit: number): Promise<DueCase[]> {
    return db.query<DueCase[]>(
      `SELECT id, status, priority, assignee_id, opened_at, floor(extract(epoch FROM now() - opened_at) / 60)::int - $1::int AS over_minutes
         FROM fraud_case
        WHERE status <> 'resolved' AND escalated_at IS NULL AND sla_escalated_at IS NULL AND opened_at < now() - make_interval(mins => $1::int)
        ORDER BY opened_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [slaMinutes, limit],
    );
  }

  async escalate(db: Transaction, id: string, actor: string): Promise<void> {
    await db.query(`UPDATE fraud_case SET priority = 'high', escalated_at = now(), escalated_by = $2, sla_escalated_at = now(), updated_at = now() WHERE id = $1`, [id, actor]);
  }
}
