import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit trail, inside the caller's transaction so the change and its record commit together. */
export async function audit(db: EntityManager, entry: AuditEntry): Promise<void> {
  await db.query(`INSERT INTO audit_log (actor, action, entity_type, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
    entry.actor,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.before === undefined ? null : JSON.stringify(entry.before),
    entry.after === undefined ? null : JSON.stringify(entry.after),
  ]);
}
