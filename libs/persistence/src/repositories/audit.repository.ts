import { scrubPii } from '@sentinel/contracts';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Keys under which an entry carries what a person typed (a reason, a note), at any depth. */
const FREE_TEXT_KEYS = new Set(['reason', 'note', 'body', 'resolutionNote']);

/** The append-only trail outlives every purge: what a person typed is masked before it is written, whoever wrote it. */
function maskFreeText(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key !== undefined && FREE_TEXT_KEYS.has(key) ? scrubPii(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskFreeText(item, key));
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskFreeText(v, k)]));
  return value;
}

/** Appends to the audit trail, inside the caller's transaction so the change and its record commit together. */
export async function audit(db: EntityManager, entry: AuditEntry): Promise<void> {
  await db.query(`INSERT INTO audit_log (actor, action, entity_type, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
    entry.actor,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.before === undefined ? null : JSON.stringify(maskFreeText(entry.before)),
    entry.after === undefined ? null : JSON.stringify(maskFreeText(entry.after)),
  ]);
}
