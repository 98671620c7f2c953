import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AccountEvent, describeFailure, type EventOf, parseAccountEvent, Topics } from '@sentinel/contracts';
import { deadLetter, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher, OutboxRelay } from '@sentinel/messaging';
import { DetectionRepository } from '@sentinel/persistence';
import {
  type AccountState,
  type Clock,
  emptyAccountState,
  evaluateEvent,
  evolve,
  needsDeferredEvaluation,
  type RuleSet,
  upgradeState,
} from '@sentinel/rules';
import type { DataSource, EntityManager } from 'typeorm';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { LiveRuleSet } from './live-rule-set';
import { type Judged, OutcomeWriter } from './outcome.writer';
import { AccountStateCache, type HeldState } from './account-state.cache';

const ofType =
  <T extends AccountEvent['type']>(type: T) =>
  (e: AccountEvent): e is EventOf<T> =>
    e.type === type;

/**
 * Detects over one batch: decode and validate, dead-letter what is invalid, then in one
 * transaction record the events (dropping redelivered ids), run the immediate rules on each
 * account's state before each event, fold the events in, and write the outcomes. Events that
 * absence rules must judge later are queued for after the lateness window. The caller commits
 * offsets only after this resolves.
 */
@Injectable()
export class DetectBatchService {
  private readonly log = new Logger(DetectBatchService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DETECTOR_CONFIG) private readonly config: Pick<DetectorConfig, 'latenessMs'> & { core: Pick<DetectorConfig['core'], 'eventTime'> },
    private readonly ruleSets: LiveRuleSet,
    private readonly repository: DetectionRepository,
    private readonly outcomes: OutcomeWriter,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
    private readonly states: AccountStateCache,
  ) {}

  async handle(batch: IncomingBatch): Promise<void> {
    const timer = this.metrics.batchSeconds.startTimer();
    const lap = this.stopwatch();
    const events: AccountEvent[] = [];
    const rejected = [];
    const window = { now: this.clock.now(), ...this.config.core.eventTime };
    for (const message of batch.messages) {
      const parsed = parseAccountEvent(message.value, window);
      if (parsed.ok) {
        events.push(parsed.value);
        continue;
      }
      this.log.warn({
        msg: 'dead-lettering invalid event',
        reason: describeFailure(parsed.error).slice(0, 500),
        partition: batch.partition,
        offset: message.offset,
      });
      rejected.push(deadLetter({ topic: batch.topic, partition: batch.partition, message }, parsed.error, this.clock.now()));
      this.metrics.deadLetters.inc({ code: parsed.error.code });
    }
    // Dead letters are durable before the offsets move past them.
    await this.publisher.publish(Topics.accountEventsDlq, rejected);
    this.metrics.events.inc({ outcome: 'dead_lettered' }, rejected.length);
    lap('decode');

    const ruleSet = this.ruleSets.get();
    const result = events.length ? await this.dataSource.transaction((db) => this.detect(db, events, ruleSet, lap)) : undefined;
    lap('commit');
    if (!result) {
      timer();
      return;
    }
    this.states.remember(result.states);
    if (result.judged) this.relay.wake();
    timer();
  }

  /** Each call adds the time since the previous one to its stage. */
  private stopwatch(): (stage: string) => void {
    let last = performance.now();
    return (stage) => {
      const now = performance.now();
      this.metrics.stageSeconds.inc({ stage }, (now - last) / 1000);
      last = now;
    };
  }

  private async detect(
    db: EntityManager,
    events: AccountEvent[],
    ruleSet: RuleSet,
    lap: (stage: string) => void,
  ): Promise<{ states: HeldState[]; judged: boolean } | undefined> {
    lap('begin');
    const fresh = await this.repository.recordEvents(db, events);
    lap('record');
    // A producer's retry can put one event in a batch twice; both copies pass `fresh`, so keep the first.
    const taken = new Set<string>();
    const newEvents = events.filter((event) => fresh.has(event.id) && !taken.has(event.id) && taken.add(event.id));
    this.metrics.events.inc({ outcome: 'duplicate' }, events.length - newEvents.length);
    if (newEvents.length === 0) return undefined;
    const accountIds = [...new Set(newEvents.map((e) => e.accountId))];
    const held = this.states.snapshot(accountIds);
    const stored = await this.repository.lockStates(db, accountIds.map((accountId) => ({ accountId, version: held.get(accountId)?.version })));
    const snoozes = await this.repository.loadSnoozes(db, accountIds);
    const states = new Map<string, AccountState>();
    let hits = 0;
    for (const id of accountIds) {
      const row = stored.get(id);
      if (row && !row.state) hits++;
      const state = row ? (row.state ?? held.get(id)!.state) : undefined;
      states.set(id, state ? upgradeState(state) : emptyAccountState(id));
    }
    this.metrics.stateCache.inc({ outcome: 'hit' }, hits);
    this.metrics.stateCache.inc({ outcome: 'miss' }, accountIds.length - hits);
    lap('load');

    const judged: Judged[] = [];
    const deferred = [];
    const dueAt = new Date(this.clock.now().getTime() + this.config.latenessMs);
    for (const event of newEvents) {
      const before = states.get(event.accountId)!;
      const evaluation = evaluateEvent(ruleSet, before, event, this.clock, 'immediate', { snoozed: snoozes.get(event.accountId) });
      if (evaluation.hits.length || evaluation.notices.length) judged.push({ event, evaluation });
      if (needsDeferredEvaluation(ruleSet, event)) {
        deferred.push({ eventId: event.id, accountId: event.accountId, dueAt, priorScore: evaluation.score });
      }
      states.set(event.accountId, evolve(before, event));
    }
    lap('evaluate');
    const written = [...states.values()].map((state) => ({ state, version: (stored.get(state.accountId)?.version ?? 0) + 1 }));
    await this.repository.saveStates(db, written);
    await this.repository.applyContactChanges(db, newEvents.filter(ofType('contact.changed')));
    await this.repository.upsertDocuments(db, newEvents.filter(ofType('identity.document.updated')));
    await this.repository.upsertPreferences(db, newEvents.filter(ofType('preferences.updated')));
    await this.repository.scheduleDeferred(db, deferred);
    lap('save');
    await this.outcomes.write(db, judged, ruleSet);
    lap('outcomes');
    this.metrics.events.inc({ outcome: 'processed' }, newEvents.length);
    return { states: written, judged: judged.length > 0 };
  }
}
