import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { caseFilter, overSla } from './case-filter';
import { CASE_RANK, type CaseSort, decodeCursor, encodeCursor, type ListCasesQuery, WAITING_RANK } from './case-list.query';

export const ORDER: Record<CaseSort, { rank: string; by: string; after: string }> = {
  // Within a priority, the longest-waiting case first: a work queue, not a news feed.
  priority: { rank: CASE_RANK, by: 'rank ASC, c.opened_at ASC, c.id ASC', after: `(${CASE_RANK}, c.opened_at, c.id) > ($R::int, $A::timestamptz, $I::uuid)` },
  oldest: { rank: CASE_RANK, by: 'c.opened_at ASC, c.id ASC', after: `(c.opened_at, c.id) > ($A::timestamptz, $I::uuid)` },
  newest: { rank: CASE_RANK, by: 'c.opened_at DESC, c.id DESC', after: `(c.opened_at, c.id) < ($A::timestamptz, $I::uuid)` },
  waiting: { rank: WAITING_RANK, by: 'rank ASC, c.opened_at ASC, c.id ASC', after: `(${WAITING_RANK}, c.opened_at, c.id) > ($R::int, $A::timestamptz, $I::uuid)` },
};

interface QueueRow {
  id: string;
  reference_code: string;
  account_id: string;
  status: string;
  decision: string;
  priority: string;
  score: number;
  opened_at: Date;
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

/** The review queue: filtered in SQL, ordered by a keyset so page 200 costs what page 1 does. */
@Injectable()
export class CaseQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes'>,
  ) {}

  async list(query: ListCasesQuery, me: SessionAnalyst) {
    const { where: filter, params, param } = caseFilter(query, me.id, this.config.caseSlaMinutes);
    const countParams = [...params];
    const sla = param(this.config.caseSlaMinutes);

    const order = ORDER[query.sort];
    let page = filter;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, query.sort);
      if (!cursor) throw new BadRequestException({ error: 'INVALID_QUERY', message: 'cursor: not a cursor this API returned for this sort' });
      const after = order.after
        .replace('$R', () => param(cursor.rank))
        .replace('$A', () => param(cursor.openedAt))
        .replace('$I', () => param(cursor.id));
      page = `${filter ? `${filter} AND` : 'WHERE'} ${after}`;
    }
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT c.id, c.reference_code, c.account_id, c.status, c.decision, c.priority, c.score, c.opened_at,
              to_json(c.opened_at) #>> '{}' AS opened_at_exact, c.updated_at, c.resolution, c.resolution_reason, c.borrower_answer,
              extract(epoch FROM COALESCE(c.resolved_at, now()) - c.opened_at)::int AS waiting_seconds, ${overSla(sla)} AS over_sla,
              c.unreachable, c.escalated_at, c.historical, c.assignee_id, a.username AS assignee_username, a.display_name AS assignee_name,
              (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules,
              ${order.rank} AS rank
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
         ${page}
        ORDER BY ${order.by}
        LIMIT ${param(query.limit + 1)}`,
      params,
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM fraud_case c ${filter}`, countParams);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toItem),
      total,
      slaMinutes: this.config.caseSlaMinutes,
      nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: query.sort, rank: Number(last.rank), openedAt: last.opened_at_exact, id: last.id }) : null,
    };
  }
}

function toItem(row: QueueRow) {
  return {
    id: row.id,
    referenceCode: row.reference_code,
    accountId: row.account_id,
    status: row.status,
    decision: row.decision,
    priority: row.priority,
    score: row.score,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    resolution: row.resolution,
    resolutionReason: row.resolution_reason,
    waitingSeconds: row.waiting_seconds,
    overSla: row.over_sla,
    borrowerAnswer: row.borrower_answer,
    unreachable: row.unreachable,
    escalatedAt: row.escalated_at,
    historical: row.historical,
    assignee: row.assignee_id ? { id: row.assignee_id, username: row.assignee_username, displayName: row.assignee_name } : null,
    rules: row.rules ?? [],
  };
}
