import { Inject, Injectable } from '@nestjs/common';
import { ScheduledJob } from '@sentinel/service-kit';
import { Merchants, Transactions } from '@sentinel/persistence';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { LiveRuleSet } from './live-rule-set';
import { OutcomeWriter } from './outcome.writer';

const BATCH = 500;

/**
 * Rolls up the merchants that new flags queued (from detection and from borrowers' "not me"), in
 * a short transaction of its own: inside a detection batch, concurrent batches would wait on one
 * another's lock of the same merchant's row until commit. Queue rows are taken with SKIP LOCKED and
 * deleted in the same transaction, so a crash leaves them queued and several detectors share them.
 */
@Injectable()
export class MerchantRollupScheduler extends ScheduledJob {
  constructor(
    private readonly transactions: Transactions,
    @Inject(DETECTOR_CONFIG) config: Pick<DetectorConfig, 'merchantRollupPollMs'>,
    private readonly ruleSets: LiveRuleSet,
    private readonly merchants: Merchants,
    private readonly outcomes: OutcomeWriter,
  ) {
    super('MerchantRollup', config.merchantRollupPollMs);
  }

  /** One pass; true when a full batch was taken and more may be queued. */
  async runDue(): Promise<boolean> {
    const ruleSet = this.ruleSets.get();
    return this.transactions.run(async (db) => {
      const { merchants, taken } = await this.merchants.takeDueMerchants(db, BATCH);
      await this.outcomes.rollUpMerchants(db, merchants, ruleSet);
      return taken === BATCH;
    });
  }
}
