import { Inject, Injectable, Logger } from '@nestjs/common';
import { Outbox, Transactions } from '@sentinel/persistence';
import { ScheduledJob } from '@sentinel/service-kit';
import type { Clock } from '@sentinel/rules';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { CLOCK } from './detector.tokens';

/** Rows deleted per statement: short enough that no lock is held for long. */
const BATCH = 5_000;

/** Between passes; a pass that deleted a full batch runs again at once. */
const INTERVAL_MS = 5 * 60_000;

/**
 * Deletes published outbox rows once past OUTBOX_RETENTION_HOURS: the relay never reads them
 * again, and kept for ever they would be most of the table. Each batch is its own statement, so
 * the relay and the detectors' inserts never wait on a long delete.
 */
@Injectable()
export class OutboxRetentionScheduler extends ScheduledJob {
  private readonly log = new Logger(OutboxRetentionScheduler.name);

  constructor(
    private readonly transactions: Transactions,
    @Inject(DETECTOR_CONFIG) private readonly config: Pick<DetectorConfig, 'outboxRetentionMs'>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {
    super('OutboxRetention', INTERVAL_MS);
  }

  /** One batch; true when it was full and more may be past retention. */
  async runDue(): Promise<boolean> {
    const publishedBefore = new Date(this.clock.now().getTime() - this.config.outboxRetentionMs);
    const deleted = await this.outbox.deletePublished(this.transactions.autocommit, publishedBefore, BATCH);
    if (deleted > 0) this.log.log({ msg: 'published outbox rows past retention deleted', count: deleted });
    return deleted === BATCH;
  }
}
