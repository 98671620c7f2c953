import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxRelay } from '@sentinel/messaging';
import { ScheduledJob } from '@sentinel/platform';
import { DetectionRepository } from '@sentinel/persistence';
import { type Clock, evaluateEvent } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { AccountStateStore } from './account-state.store';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { LiveRuleSet } from './live-rule-set';
import { type Judged, OutcomeWriter } from './outcome.writer';

const BATCH = 200;

/**
 * Runs the deferred (absence) rules once an event's lateness window has passed, on the account's
 * state as it is then — including events that arrived after it but happened before it. Rows are
 * taken with SKIP LOCKED, so several detectors share the work and none judges an event twice.
 */
@Injectable()
export class DeferredEvaluationScheduler extends ScheduledJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DETECTOR_CONFIG) config: DetectorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ruleSets: LiveRuleSet,
    private readonly repository: DetectionRepository,
    private readonly outcomes: OutcomeWriter,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
    private readonly states: AccountStateStore,
  ) {
    super('DeferredEvaluation', config.deferredPollMs);
  }

  protected run(): Promise<boolean> {
    return this.runDue();
  }

  /** One pass; returns true when a full batch was taken and more may be due. */
  async runDue(): Promise<boolean> {
    const ruleSet = this.ruleSets.get();
    const { taken, wrote } = await this.dataSource.transaction(async (db) => {
      const due = await this.repository.takeDueDeferred(db, BATCH);
      if (due.length === 0) return { taken: 0, wrote: false };
      const accountIds = [...new Set(due.map((d) => d.event.accountId))];
      // Copies: this pass reads states and never writes them.
      const states = await this.states.read(db, accountIds);
      const snoozes = await this.repository.loadSnoozes(db, accountIds);
      const judged: Judged[] = [];
      for (const { event, priorScore } of due) {
        const { state } = states.get(event.accountId)!;
        const evaluation = evaluateEvent(ruleSet, state, event, this.clock, 'deferred', { priorScore, snoozed: snoozes.get(event.accountId) });
        if (evaluation.hits.length === 0) continue;
        judged.push({ event, evaluation });
      }
      await this.outcomes.write(db, judged, ruleSet);
      this.metrics.deferred.inc({ outcome: 'hit' }, judged.length);
      this.metrics.deferred.inc({ outcome: 'clear' }, due.length - judged.length);
      return { taken: due.length, wrote: judged.length > 0 };
    });
    if (wrote) this.relay.wake();
    return taken === BATCH;
  }
}
