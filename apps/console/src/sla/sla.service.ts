import { Inject, Injectable } from '@nestjs/common';
import { type AnalystNotificationRow, AnalystNotifications, SlaBreaches } from '@sentinel/persistence';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { SLA_ACTOR } from './sla-escalation.scheduler';

const BREACH_PAGE = 500;
const NOTIFICATION_PAGE = 100;

/** What a supervisor sees of the SLA: the cases past their target, and the notifications the SLA pass sent. */
@Injectable()
export class SlaService {
  constructor(
    private readonly slaBreaches: SlaBreaches,
    private readonly analystNotifications: AnalystNotifications,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes'>,
  ) {}

  async breaches() {
    const rows = await this.slaBreaches.page(this.config.caseSlaMinutes, BREACH_PAGE);
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
    return { total: await this.slaBreaches.count(this.config.caseSlaMinutes) };
  }

  async notifications(me: SessionAnalyst) {
    const rows = await this.analystNotifications.newest(me.id, NOTIFICATION_PAGE);
    const unread = await this.analystNotifications.unread(me.id);
    return {
      items: rows.map(notificationView),
      unread,
    };
  }

  /** Marks the caller's notifications read, up to the newest one the page showed, so one that arrived since stays unread. */
  async markRead(me: SessionAnalyst, upTo: string): Promise<void> {
    await this.analystNotifications.markRead(me.id, upTo);
  }
}

/** A notification as the API and the live feed send it. */
export const notificationView = (r: AnalystNotificationRow) => ({
  id: r.id,
  kind: r.kind,
  case: { id: r.case_id, referenceCode: r.reference_code },
  by: r.by_name,
  detail: r.detail,
  createdAt: r.created_at,
  readAt: r.read_at,
});
