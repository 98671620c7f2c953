import { SCORE_BANDS } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { type CaseFilter, filterSql, overSla } from './case-filter';
import { ROUTED_TO } from './routing-rules.repository';

export type QueueSort = 'priority' | 'oldest' | 'newest' | 'waiting';

/**
 * Time waiting, longest first: every case not yet resolved waits since it opened, so the oldest
 * unresolved one has waited longest; resolved ones stopped waiting and come after.
 */
const WAITING_RANK = `CASE WHEN c.status = 'resolved' THEN 1 ELSE 0 END`;

/**
 * Priority order: cases the borrower denied first, then urgent or escalated ones, then the rest;
 * within each, the higher score band first (bands of 20, as the calibration on the Rules page
 * reports them: a higher band holds more fraud), then the longest waiting. A rank is the priority
 * (0-2) times ten plus the band's place.
 */
const CASE_RANK = `(CASE WHEN c.borrower_answer = 'not_me' THEN 0 WHEN c.priority = 'high' THEN 1 ELSE 2 END) * 10 + (CASE ${SCORE_BANDS.map(([, to], i) => `WHEN c.score <= ${to} THEN ${SCORE_BANDS.length - 1 - i}`).join(' ')} ELSE 0 END)`;

const ORDER: Record<QueueSort, { rank: string; by: string; after: string }> = {
  // Within a priority, the longest-waiting case first: a work queue, not a news feed.
  priority: { rank: CASE_RANK, by: 'rank ASC, c.opened_at ASC, c.id ASC', after: `(${CASE_RANK}, c.opened_at, c.id) > ($R::int, $A::timestamptz, $I::uuid)` },
  oldest: { rank: CASE_RANK, by: 'c.opened_at ASC, c.id ASC', after: `(c.opened_at, c.id) > ($A::timestamptz, $I::uuid)` },
  newest: { rank: CASE_RANK, by: 'c.opened_at DESC, c.id DESC', after: `(c.opened_at, c.id) < ($A::timestamptz, $I::uuid)` },
  waiting: { rank: WAITING_RANK, by: 'rank ASC, c.opened_at ASC, c.id ASC', after: `(${WAITING_RANK}, c.opened_at, c.id) > ($R::int, $A::timestamptz, $I::uuid)` },
};

/** Where the previous page ended: its last row's rank, opened_at (as `opened_at_exact` gave it) and id. */
export interface QueueCursor {
  rank: number;
  openedAt: string;
  id: string;
}

export interface QueueRow {
  id: string;
  reference_code: string;
  account_id: string;
  status: string;
  decision: string;
  priority: string;
  score: number;
  opened_at: Date;
  /** opened_at as Postgres prints it, microseconds included, for a cursor that skips and repeats no row. */
  opened_at_exact: string;
  updated_at: Date;
  resolution: string | null;
  resolution_reason: string | null;
  waiting_seconds: number;
  over_sla: boolean;
  borrower_answer: string | null;
  unreachable: boolean;
  escalated_at: Date | null;
  historical: boolean;
  assignee_id: string | null;
  assignee_username: string | null;
  assignee_name: string | null;
  rules: string[] | null;
  rank: number;
}

export interface QueueExportRow {
  reference_code: string;
  account_id: string;
  status: string;
  resolution: string | null;
  resolution_reason: string | null;
  decision: string;
  priority: string;
  score: number;
  rules: string[] | null;
  borrower_answer: string | null;
  assignee: string | null;
  escalated: boolean;
  opened_at: Date;
  resolved_at: Date | null;
  waiting_minutes: number;
  over_sla: boolean;
  /** The current phone and email, unmasked: the caller masks them. */
  phone: string | null;
  email: string | null;
  id: string;
  explanations: { en: string; 'zh-CN': string }[] | null;
}

/** A page of the queue: the filter's cases in the sort's order, after the cursor's case. */
export interface QueuePage {
  filter: CaseFilter;
  sort: QueueSort;
  after?: QueueCursor;
  limit: number;
  /** The waiting-time target, in minutes: over_sla, and the sla filter. */
  slaMinutes: number;
}

/**
 * The review queue: the cases a filter selects, ordered by a keyset so page 200 costs what page 1
 * does, and the case an analyst should take next, in the same priority order.
 */
export abstract class CaseQueue {
  abstract page(page: QueuePage): Promise<QueueRow[]>;
  abstract count(filter: CaseFilter, slaMinutes: number): Promise<number>;
  /** Every case the filter selects, in the sort's order, with what the CSV export shows of it. */
  abstract export(filter: CaseFilter, sort: QueueSort, slaMinutes: number): Promise<QueueExportRow[]>;
  /**
   * The highest-priority case nobody holds that the analyst may work, or undefined: not resolved,
   * not escalated unless they are a supervisor, not one of `skip`, and not kept by an assignment
   * rule for a colleague; the cases a rule keeps for them come first.
   */
  abstract nextFor(analystId: string, supervisor: boolean, skip: string[]): Promise<string | undefined>;
}

export class CaseQueueRepository implements CaseQueue {
  constructor(private readonly dataSource: DataSource) {}

  page({ filter: selected, sort, after, limit, slaMinutes }: QueuePage): Promise<QueueRow[]> {
    const { where: filter, params, param } = filterSql(selected, slaMinutes);
    const sla = param(slaMinutes);
    const order = ORDER[sort];
    let page = filter;
    if (after) {
      const keyset = order.after
        .replace('$R', () => param(after.rank))
        .replace('$A', () => param(after.openedAt))
        .replace('$I', () => param(after.id));
      page = `${filter ? `${filter} AND` : 'WHERE'} ${keyset}`;
    }
    return this.dataSource.query(
      `SELECT c.id, c.reference_code, c.account_id, c.status, c.decision, c.priority, c.score, c.opened_at,
              to_json(c.opened_at) #>> '{}' AS opened_at_exact, c.updated_at, c.resolution, c.resolution_reason, c.borrower_answer,
              extract(epoch FROM COALESCE(c.resolved_at, now()) - c.opened_at)::int AS waiting_seconds, ${overSla(sla)} AS over_sla,
              c.unreachable, c.escalated_at, c.historical, c.assignee_id, a.username AS assignee_username, a.display_name AS assignee_name,
              (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules,
              ${order.rank} AS rank
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
         ${page}
        ORDER BY ${order.by}
        LIMIT ${param(limit)}`,
      params,
    );
  }

  async count(selected: CaseFilter, slaMinutes: number): Promise<number> {
    const { where, params } = filterSql(selected, slaMinutes);
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM fraud_case c ${where}`, params);
    return total;
  }

  export(selected: CaseFilter, sort: QueueSort, slaMinutes: number): Promise<QueueExportRow[]> {
    const { where, params, param } = filterSql(selected, slaMinutes);
    const order = ORDER[sort];
    const sla = param(slaMinutes);
    return this.dataSource.query(
      `SELECT c.reference_code, c.account_id, c.status, c.resolution, c.resolution_reason, c.decision, c.priority, c.score,
              (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules,
              c.borrower_answer, a.username AS assignee, c.escalated_at IS NOT NULL AS escalated, c.opened_at, c.resolved_at,
              (extract(epoch FROM COALESCE(c.resolved_at, now()) - c.opened_at) / 60)::int AS waiting_minutes, ${overSla(sla)} AS over_sla,
              (SELECT value FROM account_contact k WHERE k.account_id = c.account_id AND k.kind = 'phone' AND k.valid_to IS NULL LIMIT 1) AS phone,
              (SELECT value FROM account_contact k WHERE k.account_id = c.account_id AND k.kind = 'email' AND k.valid_to IS NULL LIMIT 1) AS email,
              c.id, (SELECT array_agg(h.explanation ORDER BY h.created_at, h.id) FROM rule_hit h WHERE h.case_id = c.id) AS explanations,
              ${order.rank} AS rank
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
         ${where}
        ORDER BY ${order.by}`,
      params,
    );
  }

  async nextFor(analystId: string, supervisor: boolean, skip: string[]): Promise<string | undefined> {
    const [candidate]: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM fraud_case c CROSS JOIN LATERAL (SELECT ${ROUTED_TO} AS analyst_id) routed
        WHERE c.status <> 'resolved' AND c.assignee_id IS NULL AND ($1 OR c.escalated_at IS NULL) AND NOT (c.id = ANY($2::uuid[]))
          AND (routed.analyst_id IS NULL OR routed.analyst_id = $3)
        ORDER BY (routed.analyst_id IS NULL), ${CASE_RANK}, c.opened_at, c.id
        LIMIT 1`,
      [supervisor, skip, analystId],
    );
    return candidate?.id;
  }
}
