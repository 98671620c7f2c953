import { Inject, Injectable, Logger } from '@nestjs/common';
import { ScheduledJob } from '@sentinel/service-kit';
import { audit, ESCALATION_PASS_LIMIT, Transactions, UnansweredAlerts } from '@sentinel/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { SendAlertService } from './send-alert.service';
import { FRAUD_ALERT_TEMPLATE, FRAUD_REMINDER_TEMPLATE } from './templates/fraud-alert.template';

/**
 * The ladder for fraud alerts nobody answers: after ESCALATE_AFTER_MS the alert goes out again,
 * to every channel and contact, as a reminder; after as long again with still no answer, the
 * case's priority rises and it is marked "borrower unreachable" for an analyst to call.
 */
@Injectable()
export class EscalationScheduler extends ScheduledJob {
  private readonly log = new Logger(EscalationScheduler.name);

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly transactions: Transactions,
    private readonly alerts: UnansweredAlerts,
    private readonly sendAlert: SendAlertService,
  ) {
    super('Escalation', config.escalation.pollMs);
  }

  async runDue(): Promise<boolean> {
    const afterSeconds = this.config.escalation.afterMs / 1000;
    const remind = await this.alerts.dueReminders(FRAUD_ALERT_TEMPLATE, FRAUD_REMINDER_TEMPLATE, afterSeconds);
    for (const payload of remind) {
      await this.sendAlert.send(payload, FRAUD_REMINDER_TEMPLATE);
      this.log.log({ msg: 'unanswered alert re-sent', caseId: payload.caseId });
    }
    const unreachable = await this.alerts.dueUnreachable(FRAUD_REMINDER_TEMPLATE, afterSeconds);
    for (const found of unreachable) {
      await this.transactions.run(async (db) => {
        await this.alerts.markUnreachable(db, found);
        await audit(db, {
          actor: 'system:notifier',
          action: 'case.escalate',
          entityType: 'case',
          entityId: found.id,
          before: { priority: found.priority, unreachable: false },
          after: { priority: 'high', unreachable: true },
        });
      });
      this.log.warn({ msg: 'borrower unreachable; case escalated', caseId: found.id });
    }
    return remind.length === ESCALATION_PASS_LIMIT || unreachable.length === ESCALATION_PASS_LIMIT;
  }
}
