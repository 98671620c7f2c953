import { Inject, Injectable } from '@nestjs/common';
import { fail, isMessageKey, type Locale, maskContact, ok, translate } from '@sentinel/contracts';
import { audit, CaseQueue, Transactions } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { caseFilter } from '../cases/case-filter';
import type { CaseFiltersQuery } from '../cases/case-list.query';
import { toCsv } from './csv-cells';
import { EXPORT_CATALOGUE, EXPORT_COLUMNS, type ExportColumn, type ExportKey } from './case-export.i18n';

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
    private readonly queue: CaseQueue,
    private readonly transactions: Transactions,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes' | 'publicBaseUrl' | 'exportMaxRows'>,
  ) {}

  async export(query: CaseFiltersQuery, me: SessionAnalyst, locale: Locale = 'en') {
    const filter = caseFilter(query, me.id);
    const total = await this.queue.count(filter, this.config.caseSlaMinutes);
    // More is a data pull, not a worklist: the analyst narrows the filters instead.
    if (total > this.config.exportMaxRows) {
      return fail('EXPORT_TOO_LARGE', `these filters select ${total} cases; an export holds at most ${this.config.exportMaxRows}, so narrow them (dates, status)`);
    }
    const rows = await this.queue.export(filter, query.sort, this.config.caseSlaMinutes);
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
    await this.transactions.run((db) => audit(db, { actor: me.actor, action: 'cases.exported', entityType: 'queue', entityId: id, after: { filters: query, rows: rows.length } }));
    return ok({ filename: `cases-${new Date().toISOString().slice(0, 10)}.csv`, csv: `\uFEFF${csv}`, rows: rows.length });
  }
}
