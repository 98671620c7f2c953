import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';

export const NOTIFICATION_KINDS = ['sla_breach', 'mention', 'assigned', 'unassigned'] as const;
type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface AnalystNotificationRow {
  id: string;
  analyst_id: string;
  kind: NotificationKind;
  case_id: string;
  reference_code: string;
  /** Who mentioned or (re)assigned; null for the SLA pass. */
  by_name: string | null;
  /** The note that mentioned, or the reason given for a reassignment; masked as typed. */
  detail: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** One notification to write: to whom, of what, about which case. */
export interface NewNotification {
  analystId: string;
  kind: Exclude<NotificationKind, 'sla_breach'>;
  caseId: string;
  byName: string;
  detail: string | null;
}

const COLUMNS = `n.id::text, n.analyst_id, n.kind, n.case_id, c.reference_code, n.by_name, n.detail, n.created_at, n.read_at`;

/** What the console tells analysts in its notifications panel: SLA breaches, @mentions, reassignments. */
export abstract class AnalystNotifications {
  /** Tells every enabled supervisor and admin that the case broke its SLA target; once each, however often it is told. */
  abstract slaBreached(db: Transaction, caseId: string): Promise<void>;
  /** Writes notifications with the caller's change, to enabled analysts only. */
  abstract notify(db: Transaction, notifications: NewNotification[]): Promise<void>;
  /** The analyst's `limit` newest notifications, read or not. */
  abstract newest(analystId: string, limit: number): Promise<AnalystNotificationRow[]>;
  abstract unread(analystId: string): Promise<number>;
  /** Marks the analyst's notifications read, up to and including `upTo`. */
  abstract markRead(analystId: string, upTo: string): Promise<void>;
  /**
   * Everyone's notifications above `afterId` written in the last `windowMs`, oldest first: what the
   * live feed pushes. Ids are taken as transactions insert, not as they commit, so the feed re-reads
   * a window and skips what it sent rather than trusting the highest id it saw.
   */
  abstract recent(afterId: string, windowMs: number): Promise<AnalystNotificationRow[]>;
  /** The newest notification's id ("0" when there is none): where the live feed starts. */
  abstract newestId(): Promise<string>;
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

  async notify(db: Transaction, notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await db.query(
      `INSERT INTO analyst_notification (analyst_id, kind, case_id, by_name, detail)
       SELECT n.analyst_id, n.kind, n.case_id, n.by_name, n.detail
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[]) AS n (analyst_id, kind, case_id, by_name, detail)
         JOIN analyst a ON a.id = n.analyst_id AND NOT a.disabled`,
      [
        notifications.map((n) => n.analystId),
        notifications.map((n) => n.kind),
        notifications.map((n) => n.caseId),
        notifications.map((n) => n.byName),
        notifications.map((n) => n.detail),
      ],
    );
  }

  newest(analystId: string, limit: number): Promise<AnalystNotificationRow[]> {
    return this.dataSource.query<AnalystNotificationRow[]>(
      `SELECT ${COLUMNS} FROM analyst_notification n JOIN fraud_case c ON c.id = n.case_id
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

  recent(afterId: string, windowMs: number): Promise<AnalystNotificationRow[]> {
    return this.dataSource.query<AnalystNotificationRow[]>(
      `SELECT ${COLUMNS} FROM analyst_notification n JOIN fraud_case c ON c.id = n.case_id
        WHERE n.id > $1::bigint AND n.created_at > now() - $2 * interval '1 millisecond' ORDER BY n.id`,
      [afterId, windowMs],
    );
  }

  async newestId(): Promise<string> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(`SELECT COALESCE(max(id), 0)::text AS id FROM analyst_notification`);
    return id;
  }
}
