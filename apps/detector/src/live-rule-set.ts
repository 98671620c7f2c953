import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '@sentinel/messaging';
import { RuleSets, seedDefaultRuleSet, Transactions } from '@sentinel/persistence';
import { completeRuleSet, type RuleSet } from '@sentinel/rules';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';

/**
 * The rule set in force, reloaded from Postgres when a newer version appears: a change made in the
 * console reaches every running detector within RULESET_POLL_MS, without a restart. Each batch
 * takes one snapshot, so a batch is judged by one version throughout.
 */
@Injectable()
export class LiveRuleSet implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(LiveRuleSet.name);
  private readonly task: PeriodicTask;
  private current?: RuleSet;

  constructor(
    private readonly transactions: Transactions,
    private readonly repository: RuleSets,
    @Inject(DETECTOR_CONFIG) config: Pick<DetectorConfig, 'ruleSetPollMs'>,
    private readonly metrics: DetectorMetrics,
  ) {
    this.task = new PeriodicTask('LiveRuleSet', config.ruleSetPollMs, () => this.refresh());
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  get(): RuleSet {
    if (!this.current) throw new Error('the rule set is not loaded yet');
    return this.current;
  }

  /** Loads the newest version if it differs from the one in force; seeds version 1 on a fresh database. */
  async refresh(): Promise<boolean> {
    const version = await this.repository.latestVersion();
    if (version === null) {
      await this.transactions.run((db) => seedDefaultRuleSet(db, this.repository));
      return this.refresh();
    }
    if (version === this.current?.version) return false;
    const stored = await this.repository.latest();
    if (!stored) return false;
    this.current = completeRuleSet(stored);
    this.metrics.ruleSetVersion.set(stored.version);
    this.log.log({ msg: 'rule set in force', version: stored.version, by: stored.createdBy });
    return false;
  }
}
