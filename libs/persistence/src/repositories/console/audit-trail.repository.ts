import type { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The fields of an entry's before and after that hold an analyst's id. */
const ANALYST_FIELDS = ['assigneeId', 'analystId'];

export interface AuditEntryRef {
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What the audit page filters by; every field narrows the page. */
export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  /** One action (`case.claimed`), or a family of them (`case`). */
  action?: string;
  /** A case by id or by reference code. */
  case?: string;
  /** An account: entries about it and about each of its cases. */
  account?: string;
  from?: string;
  to?: string;
  /** The smallest id of the previous page: older entries follow. */
  before?: number;
  limit: number;
}

/** The audit trail as the console reads it (appended to by `audit`, never changed). */
export abstract class AuditTrail {
  /** A page of entries, newest first. */
  abstract page(filter: AuditFilter): Promise<AuditRow[]>;
  /**
   * What the ids in audit entries stand for, read when the entries are: analysts by display name
   * and cases by reference code, which is how analysts know them. The entries keep the ids, which
   * stay true when a name changes.
   */
  abstract names(entries: AuditEntryRef[]): Promise<{ analysts: Record<string, string>; cases: Record<string, string> }>;
}

export class AuditTrailRepository implements AuditTrail {
  constructor(private readonly dataSource: DataSource) {}

  page(filter: AuditFilter): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, ...values: unknown[]) => where.push(values.reduce<string>((s, v) => s.replace('?', `$${params.push(v)}`), sql));
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.action) {
      if (filter.action.includes('.')) add('action = ?', filter.action);
      else add(`action LIKE ?`, `${filter.action}.%`);
    }
    if (filter.case) {
      add(`entity_type = 'case' AND entity_id IN (SELECT id::text FROM fraud_case WHERE id::text = ? OR reference_code = upper(?))`, filter.case, filter.case);
    }
    if (filter.account) {
      add(
        `((entity_type = 'account' AND entity_id = ?) OR (entity_type = 'case' AND entity_id IN (SELECT id::text FROM fraud_case WHERE account_id = ?)))`,
        filter.account,
        filter.account,
      );
    }
    if (filter.from) add('at >= ?', filter.from);
    if (filter.to) add('at < ?', filter.to);
    if (filter.before) add('id < ?', filter.before);
    return this.dataSource.query(
      `SELECT id, at, actor, action, entity_type AS "entityType", entity_id AS "entityId", before, after FROM audit_log
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.push(filter.limit)}`,
      params,
    );
  }

  async names(entries: AuditEntryRef[]): Promise<{ analysts: Record<string, string>; cases: Record<string, string> }> {
    const analystIds = new Set<string>();
    const caseIds = new Set<string>();
    for (const entry of entries) {
      if (entry.entityType === 'case' && UUID.test(entry.entityId)) caseIds.add(entry.entityId);
      if (entry.entityType === 'analyst' && UUID.test(entry.entityId)) analystIds.add(entry.entityId);
      for (const side of [entry.before, entry.after]) {
        for (const field of ANALYST_FIELDS) {
          const id = side?.[field];
          if (typeof id === 'string' && UUID.test(id)) analystIds.add(id);
        }
      }
    }
    const [analysts, cases] = await Promise.all([
      analystIds.size
        ? this.dataSource.query<{ id: string; name: string }[]>(`SELECT id, display_name AS name FROM analyst WHERE id = ANY($1::uuid[])`, [[...analystIds]])
        : Promise.resolve([]),
      caseIds.size
        ? this.dataSource.query<{ id: string; name: string }[]>(`SELECT id, reference_code AS name FROM fraud_case WHERE id = ANY($1::uuid[])`, [[...caseIds]])
        : Promise.resolve([]),
    ]);
    return { analysts: Object.fromEntries(analysts.map((a) => [a.id, a.name])), cases: Object.fromEntries(cases.map((c) => [c.id, c.name])) };
  }
}
