import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { overSla } from '@sentinel/persistence';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { SLA_ACTOR } from './sla-escalation.scheduler';

const BREACH_PAGE = 500;
const NOTIFICATION_PAGE = 100;

interface BreachRow {
  id: string;
  reference_code: string;
  account_id: string;
  status: 'open' | 'in_review';
  priority: 'normal' | 'high';
  opened_at: Date;
  over_minutes: number;
  assignee_id: string | null;
  assignee_name: string | null;
  escalated_at: Date | null;
  escalated_by: string | null;
  total: number;
}

/** What a supervisor sees of the SLA: the cases past their target, and the notifications the SLA pass sent. */
@Injectable()
export class SlaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes'>,
  ) {}

  async breaches() {
    const rows: BreachRow[] = await this.dataSource.query(
      `SELECT c.id, c.reference_code, c.account_id, c.status, c.priority, c.opened_at, c.escalated_at, c.escalated_by, c.assignee_id,
              a.display_name AS assignee_name, floor(extract(epoch FROM now() - c.opened_at) / 60)::int - $1::int AS over_minutes,
              count(*) OVER ()::int AS total
         FROM fraud_case c LEFT JOIN analyst a ON a.id = c.assignee_id
        WHERE ${overSla('$1')}
        ORDER BY c.opened_at, c.id LIMIT $2`,
      [this.config.caseSlaMinutes, BREACH_PAGE],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        referenceCode: r.reference_code,
        accountId: r.account_id,
        status: r.status,
        priority: r.priority,
        openedAt: r.opened_at,
        overMinutes: r.over_minutes,
        assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
        escalatedAt: r.escalated_at,
        escalatedBySla: r.escalated_by === SLA_ACTOR,
      })),
      total: rows[0]?.total ?? 0,
      slaMinutes: this.config.caseSlaMinutes,
    };
  }

  async breachCount() {
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM fraud_case c WHERE ${overSla('$1')}`, [this.config.caseSlaMinutes]);
    return { total };
  }

  async notifications(me: SessionAnalyst) {
    const rows: { id: string; kind: 'sla_breach'; case_id: string; reference_code: string; created_at: Date; read_at: Date | null }[] = await this.dataSource.query(
      `SELECT n.id::text, n.kind, n.case_id, c.reference_code, n.created_at, n.read_at
         FROM analyst_notification n JOIN fraud_case c ON c.id = n.case_id
        WHERE n.analyst_id = $1 ORDER BY n.id DESC LIMIT $2`,
      [me.id, NOTIFICATION_PAGE],
    );
    const [{ unread }]: { unread: number }[] = await this.dataSource.query(`SELECT count(*)::int AS unread FROM analyst_notification WHERE analyst_id = $1 AND read_at IS NULL`, [
      me.id,
    ]);
    return {
      items: rows.map((r) => ({ id: r.id, kind: r.kind, case: { id: r.case_id, referenceCode: r.reference_code }, createdAt: r.created_at, readAt: r.read_at })),
      unread,
    };
  }

  /** Marks the caller's notifications read, up to the newest one the page showed, so one that arrived since stays unread. */
  async markRead(me: SessionAnalyst, upTo: string): Promise<void> {
    await this.dataSource.query(`UPDATE analyst_notification SET read_at = now() WHERE analyst_id = $1 AND read_at IS NULL AND id <= $2::bigint`, [me.id, upTo]);
  }
}
