import type { DataSource } from 'typeorm';
import type { CaseSummaryRow } from './case-summary';

/** A case as the live feed sends it, read after it changed. */
export interface CaseChangeRow extends CaseSummaryRow {
  resolution: string | null;
  borrowerAnswer: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  updatedAt: Date;
  slaEscalatedAt: Date | null;
  /** `updated_at` in microseconds since the epoch, as text: a watermark that loses no digit. */
  mark: string;
}

/**
 * The cases by when they last changed (`updated_at`, which every writer sets: the detector, each
 * console instance, the verify page), for a feed that follows them by a watermark.
 */
export abstract class CaseChanges {
  /** The database's clock now, in microseconds since the epoch: where a feed with no watermark starts. */
  abstract now(): Promise<bigint>;
  /** The cases changed after `after` (its mark, then its id), oldest change first, at most `limit`. */
  abstract after(after: { mark: string; id: string }, limit: number): Promise<CaseChangeRow[]>;
}

export class CaseChangesRepository implements CaseChanges {
  constructor(private readonly dataSource: DataSource) {}

  async now(): Promise<bigint> {
    const [{ now }]: { now: string }[] = await this.dataSource.query(`SELECT (extract(epoch FROM now()) * 1000000)::bigint::text AS now`);
    return BigInt(now);
  }

  after(after: { mark: string; id: string }, limit: number): Promise<CaseChangeRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.reference_code AS "referenceCode", c.account_id AS "accountId", c.status, c.resolution, c.decision, c.priority, c.score,
              c.borrower_answer AS "borrowerAnswer", c.assignee_id AS "assigneeId", a.display_name AS "assigneeName",
              c.opened_at AS "openedAt", c.updated_at AS "updatedAt", c.sla_escalated_at AS "slaEscalatedAt", (extract(epoch FROM c.updated_at) * 1000000)::bigint::text AS mark
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
        WHERE (c.updated_at, c.id) > ('epoch'::timestamptz + $1::bigint * interval '1 microsecond', $2::uuid)
        ORDER BY c.updated_at, c.id LIMIT $3`,
      [after.mark, after.id, limit],
    );
  }
}
