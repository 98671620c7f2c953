import type { EventOf } from '@sentinel/contracts';
import type { EntityManager } from 'typeorm';

/** How each borrower is reached: their contacts over time, and their message preferences. */
export abstract class Contacts {
  abstract applyContactChanges(db: EntityManager, events: EventOf<'contact.changed'>[]): Promise<void>;
  abstract upsertPreferences(db: EntityManager, events: EventOf<'preferences.updated'>[]): Promise<void>;
}

/** Contacts and preferences in Postgres. Every method takes the transaction's manager: the caller owns the transaction. */
export class ContactsRepository implements Contacts {
  /**
   * Records contact changes, two statements for the whole batch: close each (account, kind)'s
   * current contact at its first change, then insert the changes, each valid until the next one.
   * The accounts' list beside the changes lets the planner find the current rows by index even
   * when it has no statistics for the table (it would otherwise hash every current contact).
   */
  async applyContactChanges(db: EntityManager, events: EventOf<'contact.changed'>[]): Promise<void> {
    if (events.length === 0) return;
    const rows = JSON.stringify(events.map((e, ord) => ({ account_id: e.accountId, kind: e.payload.kind, value: e.payload.value, at: e.occurredAt, event_id: e.id, ord })));
    const changes = `jsonb_to_recordset($1::jsonb) AS c(account_id text, kind text, value text, at timestamptz, event_id text, ord int)`;
    await db.query(
      `UPDATE account_contact ac SET valid_to = first.at
         FROM (SELECT DISTINCT ON (account_id, kind) account_id, kind, at FROM ${changes} ORDER BY account_id, kind, ord) first
        WHERE ac.account_id = first.account_id AND ac.kind = first.kind AND ac.valid_to IS NULL AND ac.account_id = ANY($2::text[])`,
      [rows, [...new Set(events.map((e) => e.accountId))]],
    );
    await db.query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, valid_to, source_event_id)
       SELECT account_id, kind, value, at, lead(at) OVER (PARTITION BY account_id, kind ORDER BY ord), event_id FROM ${changes}
       ON CONFLICT (account_id, source_event_id) DO NOTHING`,
      [rows],
    );
  }

  /** Records the borrower's message preferences; an older event never overwrites a newer one. */
  async upsertPreferences(db: EntityManager, events: EventOf<'preferences.updated'>[]): Promise<void> {
    // One statement per event: preferences change rarely, and each may set only some fields.
    for (const event of events) {
      const p = event.payload;
      await db.query(
        `INSERT INTO account_preference (account_id, locale, channels, quiet_start, quiet_end, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id) DO UPDATE SET
           locale = COALESCE(EXCLUDED.locale, account_preference.locale),
           channels = COALESCE(EXCLUDED.channels, account_preference.channels),
           quiet_start = CASE WHEN $7 THEN EXCLUDED.quiet_start ELSE account_preference.quiet_start END,
           quiet_end = CASE WHEN $7 THEN EXCLUDED.quiet_end ELSE account_preference.quiet_end END,
           updated_at = EXCLUDED.updated_at
         WHERE account_preference.updated_at <= EXCLUDED.updated_at`,
        [event.accountId, p.locale ?? null, p.channels ?? null, p.quietHours?.start ?? null, p.quietHours?.end ?? null, event.occurredAt, p.quietHours !== undefined],
      );
    }
  }
}
