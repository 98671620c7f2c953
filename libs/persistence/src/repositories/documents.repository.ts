import type { EventOf } from '@sentinel/contracts';
import type { DocumentExpiry } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

/** Each account's ID document expiry, and which of its notices were sent. */
export abstract class Documents {
  abstract upsertDocuments(db: EntityManager, events: EventOf<'identity.document.updated'>[]): Promise<void>;
  abstract lockDueDocuments(db: EntityManager, today: string, thresholds: number[], expired: boolean, limit: number): Promise<DocumentExpiry[]>;
  abstract markDocumentNotified(db: EntityManager, accountId: string, days: number[], expired: boolean): Promise<void>;
}

/** Document expiries in Postgres. Every method takes the transaction's manager: the caller owns the transaction. */
export class DocumentsRepository implements Documents {
  /** Records each account's latest ID document expiry, one statement per batch; a new date starts its reminders afresh. */
  async upsertDocuments(db: EntityManager, events: EventOf<'identity.document.updated'>[]): Promise<void> {
    if (events.length === 0) return;
    await db.query(
      `INSERT INTO document_expiry (account_id, document_type, expires_on, updated_at)
       SELECT DISTINCT ON (account_id) account_id, document_type, expires_on, at
         FROM jsonb_to_recordset($1::jsonb) AS d(account_id text, document_type text, expires_on date, at timestamptz)
        ORDER BY account_id, at DESC
       ON CONFLICT (account_id) DO UPDATE SET
         document_type = EXCLUDED.document_type,
         expires_on = EXCLUDED.expires_on,
         reminded_days = CASE WHEN document_expiry.expires_on = EXCLUDED.expires_on THEN document_expiry.reminded_days ELSE '{}' END,
         expired_notified = CASE WHEN document_expiry.expires_on = EXCLUDED.expires_on THEN document_expiry.expired_notified ELSE false END,
         borrower_acted_at = CASE WHEN document_expiry.expires_on = EXCLUDED.expires_on THEN document_expiry.borrower_acted_at ELSE NULL END,
         updated_at = EXCLUDED.updated_at
       WHERE document_expiry.updated_at <= EXCLUDED.updated_at`,
      [JSON.stringify(events.map((e) => ({ account_id: e.accountId, document_type: e.payload.documentType, expires_on: e.payload.expiresOn, at: e.occurredAt })))],
    );
  }

  /**
   * Documents with a notice due today, locked for this scheduler pass: expired and not yet told,
   * or inside a reminder threshold not yet sent. Only those, so a pass never re-reads settled rows.
   */
  async lockDueDocuments(db: EntityManager, today: string, thresholds: number[], expired: boolean, limit: number): Promise<DocumentExpiry[]> {
    const rows: { account_id: string; document_type: string; expires_on: string; reminded_days: number[]; expired_notified: boolean }[] = await db.query(
      `SELECT account_id, document_type, to_char(expires_on, 'YYYY-MM-DD') AS expires_on, reminded_days, expired_notified
           FROM document_expiry
          WHERE NOT expired_notified AND borrower_acted_at IS NULL
            AND (($3 AND expires_on < $1::date)
                 OR (expires_on >= $1::date AND EXISTS (
                       SELECT 1 FROM unnest($2::int[]) AS t WHERE expires_on <= $1::date + t AND NOT (t = ANY (reminded_days)))))
          ORDER BY expires_on LIMIT $4 FOR UPDATE SKIP LOCKED`,
      [today, thresholds, expired, limit],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      documentType: r.document_type,
      expiresOn: r.expires_on,
      remindedDays: r.reminded_days,
      expiredNotified: r.expired_notified,
    }));
  }

  async markDocumentNotified(db: EntityManager, accountId: string, days: number[], expired: boolean): Promise<void> {
    await db.query(`UPDATE document_expiry SET reminded_days = reminded_days || $2::int[], expired_notified = expired_notified OR $3 WHERE account_id = $1`, [
      accountId,
      days,
      expired,
    ]);
  }
}
