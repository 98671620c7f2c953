import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AccountEvent, describeFailure, type EventOf, parseAccountEvent, Topics } from '@sentinel/contracts';
import { deadLetter, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher, OutboxRelay } from '@sentinel/messaging';
import { DetectionRepository } from '@sentinel/persistence';
import {
  type AccountState,
  type Clock,
  emptyAccountState,
  type Evaluation,
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
import { OutcomeWriter } from './outcome.writer';

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
  ) {}

  async handle(batch: IncomingBatch): Promise<void> {
    const timer = this.metrics.batchSeconds.startTimer();
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

    const ruleSet = this.ruleSets.get();
    const wrote = events.length ? await this.dataSource.transaction((db) => this.detect(db, events, ruleSet)) : false;
    if (wrote) this.relay.wake();
    timer();
  }

  private async detect(db: EntityManager, events: AccountEvent[], ruleSet: RuleSet): Promise<boolean> {
    const fresh = await this.repository.recordEvents(db, events);
    // A producer's retry can put one event in a batch twice; both copies pass `fresh`, so keep the first.
    const taken = new Set<string>();
    const newEvents = events.filter((event) => fresh.has(event.id) && !taken.has(event.id) && taken.add(event.id));
    this.metrics.events.inc({ outcome: 'duplicate' }, events.length - newEvents.length);
    if (newEvents.length === 0) return false;
    const accountIds = [...new Set(newEvents.map((e) => e.accountId))];
    const stored = await this.repository.loadStates(db, accountIds);
    const snoozes = await this.repository.loadSnoozes(db, accountIds);
    const states = new Map<string, AccountState>(
      accountIds.map((id) => {
        const state = stored.get(id);
        return [id, state ? upgradeState(state) : emptyAccountState(id)];
      }),
    );

    const judged: { event: AccountEvent; evaluation: Evaluation }[] = [];
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
    await this.repository.saveStates(db, [...states.values()]);
    await this.repository.applyContactChanges(db, newEvents.filter(ofType('contact.changed')));
    await this.repository.upsertDocuments(db, newEvents.filter(ofType('identity.document.updated')));
    await this.repository.upsertPreferences(db, newEvents.filter(ofType('preferences.updated')));
    await this.repository.scheduleDeferred(db, deferred);
    const merchants: string[] = [];
    for (const { event, evaluation } of judged) merchants.push(...(await this.outcomes.write(db, event, evaluation, ruleSet)));
    await this.outcomes.rollUpMerchants(db, merchants, ruleSet);
    this.metrics.events.inc({ outcome: 'processed' }, newEvents.length);
    return judged.length > 0;
  }
}
