import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertMessage } from '@sentinel/contracts';
import { ScheduledJob } from '@sentinel/service-kit';
import { audit } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sendAlert: SendAlertService,
  ) {
    super('Escalation', config.escalation.pollMs);
  }

  async runDue(): Promise<boolean> {
    const afterSeconds = this.config.escalation.afterMs / 1000;
    const unanswered = `c.status <> 'resolved' AND c.borrower_answer IS NULL AND NOT c.unreachable`;
    const remind: { payload: AlertMessage }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (c.id) d.payload
         FROM fraud_case c JOIN delivery d ON d.case_id = c.id AND d.template = $1 AND d.status = 'sent'
        WHERE ${unanswered} AND d.sent_at < now() - make_interval(secs => $3)
          AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.case_id = c.id AND r.template = $2)
        ORDER BY c.id, d.sent_at LIMIT 100`,
      [FRAUD_ALERT_TEMPLATE, FRAUD_REMINDER_TEMPLATE, afterSeconds],
    );
    for (const { payload } of remind) {
      await this.sendAlert.send(payload, FRAUD_REMINDER_TEMPLATE);
      this.log.log({ msg: 'unanswered alert re-sent', caseId: payload.caseId });
    }
    const unreachable: { id: string; reference_code: string; priority: string }[] = await this.dataSource.query(
      `SELECT DISTINCT c.id, c.reference_code, c.priority
         FROM fraud_case c JOIN delivery r ON r.case_id = c.id AND r.template = $1 AND r.status IN ('sent', 'failed', 'dead', 'skipped')
        WHERE ${unanswered} AND COALESCE(r.sent_at, r.updated_at) < now() - make_interval(secs => $2)
        LIMIT 100`,
      [FRAUD_REMINDER_TEMPLATE, afterSeconds],
    );
    for (const found of unreachable) {
      await this.dataSource.transaction(async (db) => {
        await db.query(`UPDATE fraud_case SET priority = 'high', unreachable = true, updated_at = now() WHERE id = $1`, [found.id]);
        await db.query(`INSERT INTO case_note (case_id, author, body) VALUES ($1, 'notifier', $2)`, [
          found.id,
          `Borrower unreachable: no answer to alert ${found.reference_code} nor to its reminder; please contact the borrower.`,
        ]);
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
    return remind.length === 100 || unreachable.length === 100;
  }
}
