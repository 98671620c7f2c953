import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CASE_RANK, type CaseSort, decodeCursor, encodeCursor, type ListCasesQuery } from './case-list.query';

const ORDER: Record<CaseSort, { by: string; after: string }> = {
  // Within a priority, the longest-waiting case first: a work queue, not a news feed.
  priority: { by: 'rank ASC, c.opened_at ASC, c.id ASC', after: `(${CASE_RANK}, c.opened_at, c.id) > ($R::int, $A::timestamptz, $I::uuid)` },
  oldest: { by: 'c.opened_at ASC, c.id ASC', after: `(c.opened_at, c.id) > ($A::timestamptz, $I::uuid)` },
  newest: { by: 'c.opened_at DESC, c.id DESC', after: `(c.opened_at, c.id) < ($A::timestamptz, $I::uuid)` },
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListCasesQuery, me: SessionAnalyst) {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (query.status === 'unresolved') where.push(`c.status <> 'resolved'`);
    else if (query.status) where.push(`c.status = ${param(query.status)}`);
    if (query.priority) where.push(`c.priority = ${param(query.priority)}`);
    if (query.decision) where.push(`c.decision = ${param(query.decision)}`);
    if (query.resolution) where.push(`c.resolution = ${param(query.resolution)}`);
    if (query.answer === 'none') where.push(`c.borrower_answer IS NULL`);
    else if (query.answer) where.push(`c.borrower_answer = ${param(query.answer)}`);
    if (query.rule) where.push(`EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.rule_id = ${param(query.rule)})`);
    if (query.merchant) {
      where.push(`EXISTS (SELECT 1 FROM merchant_flag f WHERE f.case_id = c.id AND f.merchant_id = ${param(query.merchant)})`);
    }
    if (query.account) where.push(`c.account_id = ${param(query.account)}`);
    if (query.from) where.push(`c.opened_at >= ${param(query.from)}::timestamptz`);
    if (query.to) where.push(`c.opened_at < ${param(query.to)}::timestamptz`);
    if (query.assigned === 'unassigned') where.push(`c.assignee_id IS NULL`);
    else if (query.assigned) where.push(`c.assignee_id = ${param(query.assigned === 'me' ? me.id : query.assigned)}::uuid`);
    if (query.escalated) where.push(query.escalated === 'true' ? `c.escalated_at IS NOT NULL` : `c.escalated_at IS NULL`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];

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
              to_json(c.opened_at) #>> '{}' AS opened_at_exact, c.updated_at, c.resolution, c.borrower_answer,
              c.unreachable, c.escalated_at, c.historical, c.assignee_id, a.username AS assignee_username, a.display_name AS assignee_name,
              (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules,
              ${CASE_RANK} AS rank
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
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ sort: query.sort, rank: Number(last.rank), openedAt: last.opened_at_exact, id: last.id })
          : null,
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
    borrowerAnswer: row.borrower_answer,
    unreachable: row.unreachable,
    escalatedAt: row.escalated_at,
    historical: row.historical,
    assignee: row.assignee_id ? { id: row.assignee_id, username: row.assignee_username, displayName: row.assignee_name } : null,
    rules: row.rules ?? [],
  };
}
