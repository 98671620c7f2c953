import { Inject, Injectable } from '@nestjs/common';
import { decide, riskScore, type Clock, deferredWindow, judgeLater, stateAround } from '@sentinel/rules';
import { OutboxRelay } from '@sentinel/messaging';
import { ScheduledJob } from '@sentinel/service-kit';
import { Cases, DeferredEvaluations, EventLog, Transactions } from '@sentinel/persistence';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { LiveRuleSet } from './live-rule-set';
import { type JudgedEvent, OutcomeWriter, untrustedOf } from './outcome.writer';
import { AccountStateStore } from './account-state.store';

const BATCH = 200;

/**
 * Runs the deferred (absence) rules once an event's lateness window has passed, on the recorded
 * events around the event's own time folded onto the account's long-lived facts, which the rules
 * read as of that time: the same verdict whether the account's later events arrived since or not,
 * live or in one burst. Rows are taken with SKIP LOCKED, so several detectors share
 * the work and none judges an event twice.
 */
@Injectable()
export class DeferredEvaluationScheduler extends ScheduledJob {
  constructor(
    private readonly transactions: Transactions,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ruleSets: LiveRuleSet,
    private readonly deferred: DeferredEvaluations,
    private readonly eventLog: EventLog,
    private readonly cases: Cases,
    private readonly outcomes: OutcomeWriter,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
    private readonly states: AccountStateStore,
  ) {
    super('DeferredEvaluation', config.deferredPollMs);
  }

  /** One pass; returns true when a full batch was taken and more may be due. */
  async runDue(): Promise<boolean> {
    const ruleSet = this.ruleSets.get();
    const { beforeMs, afterMs } = deferredWindow(ruleSet);
    const { taken, wrote } = await this.transactions.run(async (db) => {
      const due = await this.deferred.takeDueDeferred(db, BATCH, this.config.deferredMaxWaitMs);
      if (due.length === 0) return { taken: 0, wrote: false };
      const accountIds = [...new Set(due.map((d) => d.event.accountId))];
      const spans = due.map(({ event }) => {
        const at = Date.parse(event.occurredAt);
        return { accountId: event.accountId, from: new Date(at - beforeMs).toISOString(), to: new Date(at + afterMs).toISOString() };
      });
      const recorded = await this.eventLog.eventsAround(db, spans);
      const snoozes = await this.cases.loadSnoozes(db, accountIds);
      // The accounts' long-lived facts (cards with holder and bank, contacts, devices and their
      // trust), however old: the window's events alone forget a card bound months before it.
      const known = await this.states.read(db, accountIds);
      const judged: JudgedEvent[] = [];
      for (const { event, prior, announced } of due) {
        const at = Date.parse(event.occurredAt);
        const around = (recorded.get(event.accountId) ?? []).filter((e) => {
          const t = Date.parse(e.occurredAt);
          return t >= at - beforeMs && t <= at + afterMs;
        });
        const verdict = judgeLater(
          ruleSet,
          stateAround(event.accountId, around, known.get(event.accountId)?.state),
          event,
          this.clock,
          { prior, announced },
          snoozes.get(event.accountId),
        );
        if (!verdict.changed) continue;
        const told = announced ? (decide(riskScore(prior), ruleSet.decisions) ?? undefined) : undefined;
        // The account's current state: a reset days before the window is in none of the window's events.
        judged.push({ event, evaluation: verdict.evaluation, announced: told, ...untrustedOf(known.get(event.accountId)?.state, event, verdict.evaluation.decision) });
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
