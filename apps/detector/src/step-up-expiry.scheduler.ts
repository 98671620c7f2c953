import { Inject, Injectable, Logger } from '@nestjs/common';
import { OutboxRelay } from '@sentinel/messaging';
import { Cases, Outbox, Transactions } from '@sentinel/persistence';
import { ScheduledJob } from '@sentinel/service-kit';
import type { Clock } from '@sentinel/rules';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { holdEverything } from './hold-everything';
import { CLOCK } from './detector.tokens';

/** Step-ups raised per pass; a full pass runs again at once. */
const BATCH = 200;

/** Between passes: the answer window is hours long, a minute late is nothing. */
const INTERVAL_MS = 60_000;

/**
 * A step-up asks the borrower and holds what the event moves; "was me" through a trusted contact
 * releases it, "not me" makes it urgent. This job handles the third outcome, no answer: once
 * STEP_UP_ANSWER_WAIT has passed, the step-up becomes an urgent case and the platform is asked to
 * hold everything, as for evidence no answer could clear.
 */
@Injectable()
export class StepUpExpiryScheduler extends ScheduledJob {
  private readonly log = new Logger(StepUpExpiryScheduler.name);

  constructor(
    private readonly transactions: Transactions,
    @Inject(DETECTOR_CONFIG) private readonly config: Pick<DetectorConfig, 'stepUpAnswerMs'>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cases: Cases,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
  ) {
    super('StepUpExpiry', INTERVAL_MS);
  }

  /** One pass; true when it raised a full batch and more may be due. */
  async runDue(): Promise<boolean> {
    const now = this.clock.now();
    // Measured before raising, so that a pass that keeps failing shows its step-ups growing overdue.
    const { waiting, oldestOpenedAt } = await this.cases.waitingStepUps(this.transactions.autocommit);
    this.metrics.stepUpsWaiting.set(waiting);
    const overdueMs = oldestOpenedAt ? now.getTime() - oldestOpenedAt.getTime() - this.config.stepUpAnswerMs : 0;
    this.metrics.stepUpOverdueSeconds.set(Math.max(0, overdueMs) / 1000);
    const expired = await this.transactions.run(async (db) => {
      const raised = await this.cases.expireStepUps(db, new Date(now.getTime() - this.config.stepUpAnswerMs), BATCH);
      await this.outbox.enqueueAll(db, holdEverything(raised, 'step_up_expired', now));
      return raised;
    });
    if (expired.length === 0) return false;
    this.metrics.responses.inc({ tier: 'case' }, expired.length);
    this.metrics.stepUpsExpired.inc(expired.length);
    this.log.log({ msg: 'unanswered step-ups became cases', count: expired.length });
    this.relay.wake();
    return expired.length === BATCH;
  }
}
