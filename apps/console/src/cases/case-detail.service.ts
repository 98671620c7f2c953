import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AccountEvent, maskContact, maskEvent } from '@sentinel/contracts';
import { FraudCaseEntity } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import { pendingApproval } from '../approvals/approval-rows';
import { caseAmountMinor } from '../approvals/case-amount';
import { auditNames } from '../audit/audit-names';

/** Enough for years of one account's activity; past it the page says the oldest events were left out. */
const TIMELINE_LIMIT = 1000;

export const caseNotFound = (id: string) => new NotFoundException({ error: 'CASE_NOT_FOUND', message: `no case with id ${id}` });

/** Everything an analyst needs to decide a case, in one read, PII masked. */
@Injectable()
export class CaseDetailService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async detail(id: string) {
    const found = await this.dataSource.getRepository(FraudCaseEntity).findOneBy({ id });
    if (!found) throw caseNotFound(id);
    const q = <T>(sql: string, params: unknown[]) => this.dataSource.query<T[]>(sql, params);
    const [assignee, hits, ruleSets, deliveries, attempts, answers, notes, trail, events, contacts, snoozes] = await Promise.all([
      q<{ id: string; username: string; display_name: string }>(`SELECT id, username, display_name FROM analyst WHERE id = $1`, [found.assigneeId]),
      q<Record<string, unknown>>(
        `SELECT id, event_id AS "eventId", rule_id AS "ruleId", severity, score, evidence, explanation,
                rule_set_version AS "ruleSetVersion", created_at AS "createdAt"
           FROM rule_hit WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      ),
      q<Record<string, unknown>>(
        `SELECT version, created_at AS "createdAt", created_by AS "createdBy", reason FROM rule_set
          WHERE version = $2 OR version IN (SELECT rule_set_version FROM rule_hit WHERE case_id = $1) ORDER BY version`,
        [id, found.ruleSetVersion],
      ),
      q<Record<string, unknown> & { id: string }>(
        `SELECT id, alert_id AS "alertId", channel, template, recipient_masked AS "recipient", status, provider_status AS "providerStatus",
                attempts, last_error AS "lastError", sent_at AS "sentAt", next_attempt_at AS "nextAttemptAt", created_at AS "createdAt"
           FROM delivery WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      ),
      q<Record<string, unknown> & { deliveryId: string }>(
        `SELECT t.delivery_id AS "deliveryId", t.attempt, t.at, t.channel, t.status, t.error
           FROM delivery_attempt t JOIN delivery d ON d.id = t.delivery_id WHERE d.case_id = $1 ORDER BY t.at, t.id`,
        [id],
      ),
      q<Record<string, unknown>>(`SELECT answer, via, outcome, answered_at AS "answeredAt" FROM borrower_answer WHERE case_id = $1 ORDER BY answered_at`, [id]),
      q<Record<string, unknown>>(`SELECT id, author, body, created_at AS "createdAt" FROM case_note WHERE case_id = $1 ORDER BY created_at, id`, [id]),
      q<{ entityType: string; entityId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
        `SELECT id, at, actor, action, entity_type AS "entityType", entity_id AS "entityId", before, after FROM audit_log
          WHERE (entity_type = 'case' AND entity_id = $1) OR (entity_type = 'account' AND entity_id = $2) ORDER BY at, id`,
        [id, found.accountId],
      ),
      q<{ body: AccountEvent }>(`SELECT body FROM account_event WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`, [found.accountId, TIMELINE_LIMIT + 1]),
      q<{ kind: 'phone' | 'email'; value: string; valid_from: Date }>(
        `SELECT kind, value, valid_from FROM account_contact WHERE account_id = $1 AND valid_to IS NULL ORDER BY kind`,
        [found.accountId],
      ),
      q<Record<string, unknown>>(
        `SELECT id, rule_id AS "ruleId", until, reason, created_by AS "createdBy", created_at AS "createdAt" FROM rule_snooze
          WHERE account_id = $1 AND lifted_at IS NULL AND until > now() ORDER BY until`,
        [found.accountId],
      ),
    ]);
    const [amountMinor, pendingResolution] = await Promise.all([caseAmountMinor(this.dataSource.manager, id), pendingApproval(this.dataSource.manager, 'case_resolution', id)]);
    const flaggedEvents = new Set(hits.map((h) => h.eventId));
    return {
      amountMinor,
      pendingResolution,
      case: { ...found, assignee: assignee[0] ? { id: assignee[0].id, username: assignee[0].username, displayName: assignee[0].display_name } : null },
      hits,
      ruleSets,
      alerts: deliveries.map((d) => ({ ...d, attempts: attempts.filter((a) => a.deliveryId === d.id) })),
      answers,
      notes,
      audit: trail,
      auditNames: await auditNames(this.dataSource, trail),
      contacts: contacts.map((c) => ({ kind: c.kind, masked: maskContact(c.kind, c.value), since: c.valid_from })),
      snoozes,
      // The newest events matter most; the cut, if any, drops the oldest.
      timeline: events
        .slice(0, TIMELINE_LIMIT)
        .reverse()
        .map((e) => ({ ...maskEvent(e.body), flagged: flaggedEvents.has(e.body.id) })),
      timelineTruncated: events.length > TIMELINE_LIMIT,
    };
  }
}
