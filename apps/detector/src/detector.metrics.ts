import { Inject, Injectable } from '@nestjs/common';
import { counter, gauge, histogram, METRICS } from '@sentinel/service-kit';
import type { Registry } from 'prom-client';

@Injectable()
export class DetectorMetrics {
  readonly events;
  readonly cases;
  readonly responses;
  readonly stepUpsExpired;
  readonly stepUpsWaiting;
  readonly stepUpOverdueSeconds;
  readonly deadLetters;
  readonly deadLettersKept;
  readonly notices;
  readonly deferred;
  readonly batchSeconds;
  readonly stageSeconds;
  readonly stateCache;
  readonly stateReplayed;
  readonly snapshots;
  readonly ruleSetVersion;
  readonly isolations;

  constructor(@Inject(METRICS) registry: Registry) {
    this.events = counter(registry, 'sentinel_detector_events_total', 'Account events consumed, by outcome', ['outcome']);
    this.deadLetters = counter(registry, 'sentinel_detector_dead_letters_total', 'Events sent to the dead-letter topic, by reason', ['code']);
    this.deadLettersKept = counter(
      registry,
      'sentinel_detector_dead_letters_kept_total',
      'Dead letters the dead-letter topic refused, kept in Postgres (unpublished_dead_letter) instead',
    );
    this.cases = counter(registry, 'sentinel_detector_cases_total', 'Cases opened or joined, by decision', ['decision', 'opened']);
    this.responses = counter(registry, 'sentinel_detector_responses_total', 'Events answered, by response tier: heads-up, step-up, case', ['tier']);
    this.stepUpsExpired = counter(registry, 'sentinel_detector_step_ups_expired_total', 'Step-ups the borrower did not answer in time, raised to cases');
    this.stepUpsWaiting = gauge(registry, 'sentinel_detector_step_ups_waiting', "Step-ups waiting for the borrower's answer, each holding a loan or a card binding");
    this.stepUpOverdueSeconds = gauge(
      registry,
      'sentinel_detector_step_up_overdue_seconds',
      'How long the longest-waiting step-up is past STEP_UP_ANSWER_WAIT without having become a case (0 when none is)',
    );
    this.notices = counter(registry, 'sentinel_detector_notices_total', 'Borrower notices queued, by type', ['type']);
    this.deferred = counter(registry, 'sentinel_detector_deferred_total', 'Deferred evaluations run, by outcome', ['outcome']);
    this.stateCache = counter(registry, 'sentinel_detector_state_cache_total', 'Stored account states a load took from memory (hit) or rebuilt from the snapshot (miss)', [
      'outcome',
    ]);
    this.stateReplayed = counter(registry, 'sentinel_detector_state_replayed_events_total', 'Recorded events folded again onto a stored snapshot');
    this.snapshots = counter(registry, 'sentinel_detector_state_snapshots_total', 'Account state snapshots written');
    this.isolations = counter(registry, 'sentinel_detector_isolation_retries_total', 'Event sets retried apart after a transaction failed for a reason a retry cannot cure');
    this.ruleSetVersion = gauge(registry, 'sentinel_detector_rule_set_version', 'Version of the rule set in force');
    this.batchSeconds = histogram(registry, 'sentinel_detector_batch_seconds', 'Time to process one fetched batch', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
    // Where a batch's time goes (decode, record, load, evaluate, save, outcomes, commit): the profile behind the throughput.
    this.stageSeconds = counter(registry, 'sentinel_detector_stage_seconds_total', 'Time spent in each stage of batch detection', ['stage']);
  }
}
