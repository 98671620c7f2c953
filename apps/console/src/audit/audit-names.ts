import type { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The fields of an entry's before and after that hold an analyst's id. */
const ANALYST_FIELDS = ['assigneeId', 'analystId'];

interface Entry {
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * What the ids in audit entries stand for, read when the entries are: analysts by display name
 * and cases by reference code, which is how analysts know them. The entries keep the ids, which
 * stay true when a name changes.
 */
export async function auditNames(db: DataSource, entries: Entry[]): Promise<{ analysts: Record<string, string>; cases: Record<string, string> }> {
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
    analystIds.size ? db.query<{ id: string; name: string }[]>(`SELECT id, display_name AS name FROM analyst WHERE id = ANY($1::uuid[])`, [[...analystIds]]) : Promise.resolve([]),
    caseIds.size ? db.query<{ id: string; name: string }[]>(`SELECT id, reference_code AS name FROM fraud_case WHERE id = ANY($1::uuid[])`, [[...caseIds]]) : Promise.resolve([]),
  ]);
  return { analysts: Object.fromEntries(analysts.map((a) => [a.id, a.name])), cases: Object.fromEntries(cases.map((c) => [c.id, c.name])) };
}
