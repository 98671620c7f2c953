import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topics } from '@sentinel/contracts';
import { OutboxRelay } from '@sentinel/messaging';
import { ScheduledJob } from '@sentinel/service-kit';
import { Documents, Outbox, Transactions } from '@sentinel/persistence';
import { type Clock, dateIn, dueDocumentNotice } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { LiveRuleSet } from './live-rule-set';
import { referenceCode } from './reference-code';

const BATCH = 500;

/**
 * Reminds borrowers of an expiring ID document (30, 7 and 1 days ahead by default, once each) and
 * tells them once it has expired — on a schedule, because the day a reminder falls due usually
 * brings no event. Expiry dates come from `identity.document.updated` events.
 */
@Injectable()
export class DocumentReminderScheduler extends ScheduledJob {
  private readonly log = new Logger(DocumentReminderScheduler.name);

  constructor(
    private readonly transactions: Transactions,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ruleSets: LiveRuleSet,
    private readonly documents: Documents,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
  ) {
    super('DocumentReminders', config.reminderPollMs);
  }

  async runDue(): Promise<boolean> {
    const ruleSet = this.ruleSets.get();
    const expiring = ruleSet.rules['notice.id-expiring'];
    const expired = ruleSet.rules['notice.id-expired'];
    const thresholds = expiring?.enabled
      ? Object.values(expiring.params)
          .filter((d) => d > 0)
          .sort((a, b) => b - a)
      : [];
    if (!thresholds.length && !expired?.enabled) return false;
    const now = this.clock.now();
    const today = dateIn(now, this.config.timeZone);
    const sent = await this.transactions.run(async (db) => {
      const docs = await this.documents.lockDueDocuments(db, today, thresholds, Boolean(expired?.enabled), BATCH);
      let count = 0;
      for (const doc of docs) {
        const notice = dueDocumentNotice(doc, today, thresholds, { remindersEnabled: thresholds.length > 0, expiredEnabled: Boolean(expired?.enabled) });
        if (!notice) continue;
        const settings = ruleSet.rules[notice.ruleId];
        await this.outbox.enqueue(db, Topics.accountAlerts, {
          alertId: randomUUID(),
          kind: 'notice',
          accountId: doc.accountId,
          referenceCode: referenceCode(),
          decision: 'notice',
          ruleSetVersion: ruleSet.version,
          createdAt: now.toISOString(),
          notice: { type: notice.expired ? 'id.expired' : 'id.expiring', expiresOn: notice.expiresOn, daysLeft: notice.daysLeft },
          hits: [{ ruleId: notice.ruleId, severity: settings.severity, score: 0, explanation: notice.explanation }],
        });
        await this.documents.markDocumentNotified(db, doc.accountId, notice.markDays, notice.expired);
        this.metrics.notices.inc({ type: notice.expired ? 'id.expired' : 'id.expiring' });
        count++;
      }
      return { count, full: docs.length === BATCH };
    });
    if (sent.count) {
      this.log.log({ msg: 'ID document notices queued', count: sent.count });
      this.relay.wake();
    }
    return sent.full;
  }
}
