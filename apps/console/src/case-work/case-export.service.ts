import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maskContact } from '@sentinel/contracts';
import { audit } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { caseFilter, overSla } from '../cases/case-filter';
import type { CaseFiltersQuery } from '../cases/case-list.query';
import { ORDER } from '../cases/case-queue.service';
import { toCsv } from './csv-cells';

/** More than this is a data pull, not a worklist: the analyst narrows the filters instead. */
const EXPORT_MAX_ROWS = 10_000;

const EXPORT_COLUMNS = [
  'reference',
  'account',
  'status',
  'resolution',
  'reasonCode',
  'decision',
  'priority',
  'score',
  'rules',
  'borrowerAnswer',
  'assignee',
  'escalated',
  'openedAt',
  'resolvedAt',
  'waitingMinutes',
  'overSla',
  'phone',
  'email',
] as const;

interface ExportRow {
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
  phone: string | null;
  email: string | null;
}

/**
 * The filtered queue as CSV, in the queue's own order. Contacts leave masked, as the screen shows
 * them; no notes, card numbers or answer links leave at all. Each export is audited with its
 * filters and row count.
 */
@Injectable()
export class CaseExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes'>,
  ) {}

  async export(query: CaseFiltersQuery, me: SessionAnalyst): Promise<{ filename: string; csv: string; rows: number }> {
    const { where, params, param } = caseFilter(query, me.id, this.config.caseSlaMinutes);
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM fraud_case c ${where}`, [...params]);
    if (total > EXPORT_MAX_ROWS) {
      throw new BadRequestException({
        error: 'EXPORT_TOO_LARGE',
        message: `these filters select ${total} cases; an export holds at most ${EXPORT_MAX_ROWS}, so narrow them (dates, status)`,
      });
    }
    const order = ORDER[query.sort];
    const sla = param(this.config.caseSlaMinutes);
    const rows: ExportRow[] = await this.dataSource.query(
      `SELECT c.reference_code, c.account_id, c.status, c.resolution, c.resolution_reason, c.decision, c.priority, c.score,
              (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules,
              c.borrower_answer, a.username AS assignee, c.escalated_at IS NOT NULL AS escalated, c.opened_at, c.resolved_at,
              (extract(epoch FROM COALESCE(c.resolved_at, now()) - c.opened_at) / 60)::int AS waiting_minutes, ${overSla(sla)} AS over_sla,
              (SELECT value FROM account_contact k WHERE k.account_id = c.account_id AND k.kind = 'phone' AND k.valid_to IS NULL LIMIT 1) AS phone,
              (SELECT value FROM account_contact k WHERE k.account_id = c.account_id AND k.kind = 'email' AND k.valid_to IS NULL LIMIT 1) AS email,
              ${order.rank} AS rank
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
         ${where}
        ORDER BY ${order.by}`,
      params,
    );
    const csv = toCsv(
      EXPORT_COLUMNS,
      rows.map((r) => ({
        reference: r.reference_code,
        account: r.account_id,
        status: r.status,
        resolution: r.resolution,
        reasonCode: r.resolution_reason,
        decision: r.decision,
        priority: r.priority,
        score: r.score,
        rules: (r.rules ?? []).join(' '),
        borrowerAnswer: r.borrower_answer,
        assignee: r.assignee,
        escalated: r.escalated,
        openedAt: r.opened_at.toISOString(),
        resolvedAt: r.resolved_at?.toISOString() ?? null,
        waitingMinutes: r.waiting_minutes,
        overSla: r.over_sla,
        phone: r.phone === null ? null : maskContact('phone', r.phone),
        email: r.email === null ? null : maskContact('email', r.email),
      })),
    );
    const id = randomUUID();
    await this.dataSource.transaction((db) =>
      audit(db, { actor: me.actor, action: 'cases.exported', entityType: 'queue', entityId: id, after: { filters: query, rows: rows.length } }),
    );
    return { filename: `cases-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
  }
}
