import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isMessageKey, type Locale, maskContact, translate } from '@sentinel/contracts';
import { audit } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { caseFilter, overSla } from '../cases/case-filter';
import type { CaseFiltersQuery } from '../cases/case-list.query';
import { ORDER } from '../cases/case-queue.service';
import { toCsv } from './csv-cells';
import { EXPORT_CATALOGUE, EXPORT_COLUMNS, type ExportColumn, type ExportKey } from './case-export.i18n';

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
  id: string;
  explanations: { en: string; 'zh-CN': string }[] | null;
}

/**
 * The filtered queue as CSV, in the queue's own order, in the language of the analyst who asked:
 * headers and codes in their words, each case's link (from PUBLIC_BASE_URL) and the rules'
 * explanations, with a byte-order mark so spreadsheets read it as UTF-8. Contacts leave masked, as
 * the screen shows them; no notes, card numbers or answer links leave at all. Each export is
 * audited with its filters and row count.
 */
@Injectable()
export class CaseExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes' | 'publicBaseUrl' | 'exportMaxRows'>,
  ) {}

  async export(query: CaseFiltersQuery, me: SessionAnalyst, locale: Locale = 'en'): Promise<{ filename: string; csv: string; rows: number }> {
    const { where, params, param } = caseFilter(query, me.id, this.config.caseSlaMinutes);
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM fraud_case c ${where}`, [...params]);
    // More is a data pull, not a worklist: the analyst narrows the filters instead.
    if (total > this.config.exportMaxRows) {
      throw new BadRequestException({
        error: 'EXPORT_TOO_LARGE',
        message: `these filters select ${total} cases; an export holds at most ${this.config.exportMaxRows}, so narrow them (dates, status)`,
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
              c.id, (SELECT array_agg(h.explanation ORDER BY h.created_at, h.id) FROM rule_hit h WHERE h.case_id = c.id) AS explanations,
              ${order.rank} AS rank
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
         ${where}
        ORDER BY ${order.by}`,
      params,
    );
    const say = (key: ExportKey) => translate(EXPORT_CATALOGUE, locale, key);
    const word = (code: string | null) => {
      const key = `value:${code}`;
      return code !== null && isMessageKey(EXPORT_CATALOGUE, key) ? say(key) : code;
    };
    const csv = toCsv(
      EXPORT_COLUMNS,
      rows.map((r) => ({
        reference: r.reference_code,
        account: r.account_id,
        status: word(r.status),
        resolution: word(r.resolution),
        reasonCode: word(r.resolution_reason),
        decision: word(r.decision),
        priority: word(r.priority),
        score: r.score,
        rules: (r.rules ?? []).join(' '),
        borrowerAnswer: word(r.borrower_answer),
        assignee: r.assignee,
        escalated: r.escalated,
        openedAt: r.opened_at.toISOString(),
        resolvedAt: r.resolved_at?.toISOString() ?? null,
        waitingMinutes: r.waiting_minutes,
        overSla: r.over_sla,
        phone: r.phone === null ? null : maskContact('phone', r.phone),
        email: r.email === null ? null : maskContact('email', r.email),
        caseLink: `${this.config.publicBaseUrl}/#/cases/${r.id}`,
        // Each distinct explanation once, on one line: a cell that breaks lines reads badly in a sheet.
        explanation: [...new Set((r.explanations ?? []).map((e) => e[locale] ?? e.en).filter(Boolean))].join(say('explanationSeparator')),
      })),
      Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, say(`header:${column}`)])) as Record<ExportColumn, string>,
      { yes: say('yes'), no: say('no') },
    );
    const id = randomUUID();
    await this.dataSource.transaction((db) =>
      audit(db, { actor: me.actor, action: 'cases.exported', entityType: 'queue', entityId: id, after: { filters: query, rows: rows.length } }),
    );
    return { filename: `cases-${new Date().toISOString().slice(0, 10)}.csv`, csv: `\uFEFF${csv}`, rows: rows.length };
  }
}
