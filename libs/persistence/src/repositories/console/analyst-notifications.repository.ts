import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';

export interface AnalystNotificationRow {
  id: string;
  kind: 'sla_breach';
  case_id: string;
  reference_code: string;
  created_at: Date;
  read_at: Date | null;
}

/** What the console tells analysts in its notifications panel: for now, a case past its SLA target. */
export abstract class AnalystNotifications {
  /** Tells every enabled supervisor and admin that the case broke its SLA target; once each, however often it is told. */
  abstract slaBreached(db: Transaction, caseId: string): Promise<void>;
  /** The analyst's `limit` newest notifications, read or not. */
  abstract newest(analystId: string, limit: number): Promise<AnalystNotificationRow[]>;
  abstract unread(analystId: string): Promise<number>;
  /** Marks the analyst's notifications read, up to and including `upTo`. */
  abstract markRead(analystId: string, upTo: string): Promise<void>;
}

export class AnalystNotificationsRepository implements AnalystNotifications {
  constructor(private readonly dataSource: DataSource) {}

  async slaBreached(db: Transaction, caseId: string): Promise<void> {
    await db.query(
      `INSERT INTO analyst_notification (analyst_id, kind, case_id)
       SELECT id, 'sla_breach', $1 FROM analyst WHERE role IN ('supervisor', 'admin') AND NOT disabled
       ON CONFLICT DO NOTHING`,
      [caseId],
    );
  }

  newest(analystId: string, limit: number): Promise<AnalystNotificationRow[]> {
    return this.dataSource.query<AnalystNotificationRow[]>(
      `SELECT n.id::text, n.kind, n.case_id, c.reference_code, n.created_at, n.read_at
         FROM analyst_notification n JOIN fraud_case c ON c.id = n.case_id
        WHERE n.analyst_id = $1 ORDER BY n.id DESC LIMIT $2`,
      [analystId, limit],
    );
  }

  async unread(analystId: string): Promise<number> {
    const [{ unread }]: { unread: number }[] = await this.dataSource.query(`SELECT count(*)::int AS unread FROM analyst_notification WHERE analyst_id = $1 AND read_at IS NULL`, [
      analystId,
    ]);
    return unread;
  }

  async markRead(analystId: string, upTo: string): Promise<void> {
    await this.dataSource.query(`UPDATE analyst_notification SET read_at = now() WHERE analyst_id = $1 AND read_at IS NULL AND id <= $2::bigint`, [analystId, upTo]);
  }
}
