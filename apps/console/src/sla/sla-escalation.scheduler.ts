import { Inject, Injectable, Logger } from '@nestjs/common';
import { AnalystNotifications, audit, SlaBreaches, Transactions } from '@sentinel/persistence';
import { ScheduledJob } from '@sentinel/service-kit';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';

/** Cases escalated per pass; a full pass runs again at once. */
const BATCH = 200;
/** Who the audit trail names for what the pass does. */
export const SLA_ACTOR = 'system:sla';

/**
 * SLA that acts (#24): a case still unresolved CASE_SLA_MINUTES after it opened is escalated by the
 * console itself, once: it jumps the queue (high priority) and is marked escalated by the SLA, the
 * audit trail says which target it broke and by how much, and every enabled supervisor and admin
 * gets a notification. The analyst holding it keeps it: taking work out of someone's hands because
 * the queue was slow would only slow it more; the supervisor decides whether to reassign.
 */
@Injectable()
export class SlaEscalationScheduler extends ScheduledJob {
  private readonly log = new Logger(SlaEscalationScheduler.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly breaches: SlaBreaches,
    private readonly notifications: AnalystNotifications,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'caseSlaMinutes' | 'slaPassIntervalMs'>,
  ) {
    super('SlaEscalation', config.slaPassIntervalMs);
  }

  /** One pass; true when it escalated a full batch and more may be due. */
  async runDue(): Promise<boolean> {
    const escalated = await this.transactions.run(async (db) => {
      // Several consoles may run; one pass at a time. The others skip theirs: the one running covers them.
      if (!(await this.breaches.takePass(db))) return [];
      // SKIP LOCKED: a case an analyst is changing right now is left for the next pass rather than waited on.
      const due = await this.breaches.lockDue(db, this.config.caseSlaMinutes, BATCH);
      for (const c of due) {
        await this.breaches.escalate(db, c.id, SLA_ACTOR);
        await audit(db, {
          actor: SLA_ACTOR,
          action: 'case.sla_escalated',
          entityType: 'case',
          entityId: c.id,
          before: { status: c.status, priority: c.priority, assigneeId: c.assignee_id, escalatedAt: null },
          after: {
            status: c.status,
            priority: 'high',
            assigneeId: c.assignee_id,
            escalatedBy: SLA_ACTOR,
            breach: { targetMinutes: this.config.caseSlaMinutes, openedAt: c.opened_at, overMinutes: c.over_minutes },
          },
        });
        await this.notifications.slaBreached(db, c.id);
      }
      return due;
    });
    if (escalated.length > 0) this.log.log({ msg: 'cases past their SLA target escalated', count: escalated.length });
    return escalated.length === BATCH;
  }
}
