import type { AccountEvent } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import { FraudCaseEntity } from '../../entities/fraud-case.entity';

/** What the case page shows, read in one go (PII as stored: the console masks it). */
export abstract class CaseFile {
  /** The case and everything around it; undefined when there is no such case. The newest `timelineLimit` events of the account. */
  abstract read(id: string, timelineLimit: number): Promise<Awaited<ReturnType<CaseFileRepository['read']>>>;
}

export class CaseFileRepository implements CaseFile {
  constructor(private readonly dataSource: DataSource) {}

  async read(id: string, timelineLimit: number) {
    const found = await this.dataSource.getRepository(FraudCaseEntity).findOneBy({ id });
    if (!found) return undefined;
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
      q<{ body: AccountEvent }>(`SELECT body FROM account_event WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`, [found.accountId, timelineLimit]),
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
    return { found, assignee, hits, ruleSets, deliveries, attempts, answers, notes, trail, events, contacts, snoozes };
  }
}
