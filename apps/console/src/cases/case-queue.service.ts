import { Inject, Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { CaseQueue, type QueueCursor, type QueueRow } from '@sentinel/persistence';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { caseFilter } from './case-filter';
import { decodeCursor, encodeCursor, type ListCasesQuery } from './case-list.query';

/** The review queue a page at a time, behind an opaque cursor: the next page starts after the last case seen, so page 200 costs what page 1 does. */
@Injectable()
export class CaseQueueService {
  constructor(
    private readonly queue: CaseQueue,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes'>,
  ) {}

  async list(query: ListCasesQuery, me: SessionAnalyst) {
    const filter = caseFilter(query, me.id);
    let after: QueueCursor | undefined;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, query.sort);
      if (!cursor) return fail('INVALID_QUERY', 'cursor: not a cursor this API returned for this sort');
      after = { rank: cursor.rank, openedAt: cursor.openedAt, id: cursor.id };
    }
    // One row past the page says whether there is a next one.
    const rows = await this.queue.page({ filter, sort: query.sort, after, limit: query.limit + 1, slaMinutes: this.config.caseSlaMinutes });
    const total = await this.queue.count(filter, this.config.caseSlaMinutes);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return ok({
      items: items.map(toItem),
      total,
      slaMinutes: this.config.caseSlaMinutes,
      nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: query.sort, rank: Number(last.rank), openedAt: last.opened_at_exact, id: last.id }) : null,
    });
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
