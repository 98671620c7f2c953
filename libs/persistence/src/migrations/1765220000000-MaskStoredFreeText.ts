import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen here (a migration must do the same thing forever): the masking of libs/contracts/src/masking.ts
// as of this migration. Cards (Luhn-valid, 13-19 digits) keep their last four; phones (at most 12
// digits, or any number written with +) and PRC ID numbers their first three and last four; emails
// their first letter and domain. Longer numbers that are none of these (references) stay readable.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const DIGIT_RUN = /\+?\d(?:[ .()-]{0,2}\d){6,}[Xx]?/g;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function idNumber(plain: string): boolean {
  const birth = /^\d{17}[\dXx]$/.test(plain) ? plain.slice(6, 14) : /^\d{15}$/.test(plain) ? `19${plain.slice(6, 12)}` : undefined;
  if (!birth) return false;
  const [year, month, day] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))];
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function maskRun(run: string): string {
  const plain = run.replace(/[^\dXx]/g, '');
  if (IPV4.test(run) || (/[ .()-]/.test(run) && !run.startsWith('+') && plain.length <= 8)) return run;
  const digits = plain.replace(/[Xx]$/, '');
  if (digits === plain && plain.length >= 13 && plain.length <= 19 && luhn(plain)) return `****${plain.slice(-4)}`;
  if (run.startsWith('+')) return `+${plain.slice(0, 2)}****${plain.slice(-4)}`;
  if (idNumber(plain) || (digits === plain && plain.length <= 12)) return `${plain.slice(0, 3)}****${plain.slice(-4)}`;
  return run;
}

function scrub(text: string): string {
  return text
    .replace(EMAIL, (email) => {
      const at = email.lastIndexOf('@');
      return `${email[0]}***@${email.slice(at + 1)}`;
    })
    .replace(DIGIT_RUN, maskRun);
}

/** The keys under which the console stored what analysts typed, at any depth of an audit entry. */
const FREE_TEXT_KEYS = new Set(['reason', 'note', 'body', 'resolutionNote']);

function scrubEntry(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key !== undefined && FREE_TEXT_KEYS.has(key) ? scrub(value) : value;
  if (Array.isArray(value)) return value.map((item) => scrubEntry(item, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubEntry(v, k)]));
  return value;
}

/** Rows that may hold a contact: a run of seven digits (separators allowed) or an @. */
const MAY_HOLD = `~ '@|[0-9]([ .()-]{0,2}[0-9]){6}'`;
const PAGE = 1000;

/** Plain-text columns analysts typed into, with each table's key. */
const TEXT_COLUMNS = [
  { table: 'case_note', key: 'id', type: 'bigint', column: 'body' },
  { table: 'fraud_case', key: 'id', type: 'uuid', column: 'resolution_note' },
  { table: 'rule_snooze', key: 'id', type: 'uuid', column: 'reason' },
  { table: 'rule_set', key: 'version', type: 'integer', column: 'reason' },
] as const;

/**
 * Escalation, bulk and reopen reasons were stored in full in the append-only audit log (and
 * resolution notes, rule-change reasons in their tables). This masks what is stored; the
 * append-only trigger is disabled for this migration alone, inside its transaction, and the
 * masking is itself audited.
 */
export class MaskStoredFreeText1765220000000 implements MigrationInterface {
  name = 'MaskStoredFreeText1765220000000';

  async up(db: QueryRunner): Promise<void> {
    const rows: Record<string, number> = {};
    for (const { table, key, type, column } of TEXT_COLUMNS) {
      rows[table] = 0;
      let after: string | null = null;
      for (;;) {
        const page = (await db.query(
          `SELECT ${key}::text AS key, ${column} AS text FROM ${table}
            WHERE ${column} ${MAY_HOLD} AND ($1::text IS NULL OR ${key} > $1::text::${type})
            ORDER BY ${key} LIMIT ${PAGE}`,
          [after],
        )) as { key: string; text: string }[];
        for (const row of page) {
          const masked = scrub(row.text);
          if (masked === row.text) continue;
          await db.query(`UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1::${type}`, [row.key, masked]);
          rows[table]++;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1].key;
      }
    }

    rows.audit_log = 0;
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      let after = '0';
      for (;;) {
        const page = (await db.query(
          `SELECT id::text AS id, before, after FROM audit_log
            WHERE id > $1::bigint AND (before::text ${MAY_HOLD} OR after::text ${MAY_HOLD})
            ORDER BY id LIMIT ${PAGE}`,
          [after],
        )) as { id: string; before: unknown; after: unknown }[];
        for (const entry of page) {
          const [before, next] = [scrubEntry(entry.before), scrubEntry(entry.after)];
          if (JSON.stringify(before) === JSON.stringify(entry.before) && JSON.stringify(next) === JSON.stringify(entry.after)) continue;
          await db.query(`UPDATE audit_log SET before = $2, after = $3 WHERE id = $1::bigint`, [
            entry.id,
            before === null ? null : JSON.stringify(before),
            next === null ? null : JSON.stringify(next),
          ]);
          rows.audit_log++;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1].id;
      }
    } finally {
      await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
    await db.query(`INSERT INTO audit_log (actor, action, entity_type, entity_id, after) VALUES ('system:migration', 'audit_log.masked', 'migration', $1, $2)`, [
      this.name,
      JSON.stringify({ rows, keys: [...FREE_TEXT_KEYS] }),
    ]);
  }

  async down(): Promise<void> {
    // Nothing to undo: what was masked is gone for good, which is the point.
  }
}
