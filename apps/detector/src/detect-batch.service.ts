import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type AccountEvent, describeCause, DLQ_HEADERS, type EventOf, failureReason, type IdentityVerdict, parseAccountEvent, Topics } from '@sentinel/contracts';
import { deadLetter, DeadLetterSink, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher, OutboxRelay, skippedCause } from '@sentinel/messaging';
import {
  Cases,
  Contacts,
  DATABASE,
  type Database,
  DeferredEvaluations,
  Documents,
  EntityIndex,
  EventLog,
  isRetryableFailure,
  type Transaction,
  Transactions,
} from '@sentinel/persistence';
import { type Clock, entityLinksOf, fold, judgeNow, ringRuleNeeds, type RuleSet } from '@sentinel/rules';
import type { KafkaMessage } from 'kafkajs';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { LiveRuleSet } from './live-rule-set';
import { type JudgedEvent, OutcomeWriter, untrustedOf } from './outcome.writer';
import { AccountStateStore } from './account-state.store';
import { DeferredEvaluationScheduler } from './deferred-evaluation.scheduler';

/** Past a queued judgement's due time, for the database's clock and ours to agree that it is due. */
const DUE_SLACK_MS = 25;

/** A valid event and the message it came in, which is what a dead letter carries. */
interface Accepted {
  event: AccountEvent;
  message: KafkaMessage;
}

/** An event of the batch whose account already has its id with other content, by its place in the batch. */
interface Conflict {
  index: number;
  verdict: Extract<IdentityVerdict, { kind: 'conflict' }>;
}

const ofType =
  <T extends AccountEvent['type']>(type: T) =>
  (e: AccountEvent): e is EventOf<T> =>
    e.type === type;

/**
 * Detects over one batch: decode and validate, dead-letter what is invalid, then in one
 * transaction load the accounts' states, record the events (dropping redeliveries, and setting
 * aside as DUPLICATE_ID_CONFLICT an id its account already has with other content), each with
 * its account's next number, run the immediate rules on each account's state before each event,
 * fold the events in, and write the snapshots due and the outcomes. Events that absence rules
 * must judge later are queued for after the lateness window. The caller commits offsets only
 * after this resolves.
 */
@Injectable()
export class DetectBatchService {
  private readonly log = new Logger(DetectBatchService.name);
  /** Per partition, the assignment in which its backlog's queued judgements were last released. */
  private readonly released = new Map<number, number>();

  constructor(
    private readonly transactions: Transactions,
    @Inject(DATABASE) database: Database,
    @Inject(MESSAGE_PUBLISHER) publisher: MessagePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DETECTOR_CONFIG) private readonly config: Pick<DetectorConfig, 'latenessMs'> & { core: Pick<DetectorConfig['core'], 'eventTime'> },
    private readonly ruleSets: LiveRuleSet,
    private readonly eventLog: EventLog,
    private readonly cases: Cases,
    private readonly contacts: Contacts,
    private readonly documents: Documents,
    private readonly deferred: DeferredEvaluations,
    private readonly outcomes: OutcomeWriter,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
    private readonly states: AccountStateStore,
    private readonly entityIndex: EntityIndex,
    /** Told when judgements this instance queued fall due, so they wait for no poll. */
    @Optional() private readonly deferredJob?: DeferredEvaluationScheduler,
  ) {
    this.deadLetters = new DeadLetterSink(publisher, database, (_topic, count) => metrics.deadLettersKept.inc(count));
  }

  private readonly deadLetters: DeadLetterSink;

  async handle(batch: IncomingBatch): Promise<void> {
    const timer = this.metrics.batchSeconds.startTimer();
    const markStage = this.stopwatch();
    const accepted: Accepted[] = [];
    const rejected = [];
    const window = { now: this.clock.now(), ...this.config.core.eventTime };
    for (const message of batch.messages) {
      // A record set aside while decompressing has no value to parse; its note says why.
      const skipped = skippedCause(message);
      const parsed = skipped ? undefined : parseAccountEvent(message.value, window);
      if (parsed?.ok) {
        accepted.push({ event: parsed.value, message });
        continue;
      }
      const failure = skipped ?? parsed!.error;
      rejected.push({ message, letter: deadLetter({ topic: batch.topic, partition: batch.partition, message }, failure, this.clock.now()), failure });
    }
    // Dead letters are durable (on the topic, or kept in Postgres) before the offsets move past
    // them, and said once each only then: a batch retried does not say them again.
    await this.deadLetters.send(
      Topics.accountEventsDlq,
      rejected.map((r) => r.letter),
    );
    // One line per code and batch, with the count: a compressed batch can hold a million records.
    const byCode = new Map<string, { count: number; offsets: string[]; reason: string }>();
    for (const { message, failure } of rejected) {
      const seen = byCode.get(failure.code) ?? { count: 0, offsets: [], reason: describeCause(failure).slice(0, 500) };
      seen.count += 1;
      if (seen.offsets.length < 10) seen.offsets.push(message.offset);
      byCode.set(failure.code, seen);
    }
    for (const [code, { count, offsets, reason }] of byCode) {
      this.log.warn({ msg: 'dead-lettered invalid events', code, count, partition: batch.partition, offsets, reason });
      this.metrics.deadLetters.inc({ code }, count);
    }
    this.metrics.events.inc({ outcome: 'dead_lettered' }, rejected.length);
    markStage('decode');

    await this.detectIsolating(batch, accepted, this.ruleSets.get(), markStage);
    // Caught up: every event of this partition fetched so far is on record, so what its backlog
    // queued for deferred judgement can start its lateness window. Judged earlier, a consent still
    // waiting in the backlog behind its loan would count as missing (burst and live disagreed).
    // Once per partition and assignment is enough, unless this instance queued from a backlog
    // since: what an earlier owner queued is released by the first caught-up batch after the
    // partition came here, and DEFERRED_MAX_WAIT_MS bounds what anything else leaves queued.
    if (batch.caughtUp !== false && (batch.assignment === undefined || this.released.get(batch.partition) !== batch.assignment)) {
      await this.deferred.releaseDeferred(this.transactions.autocommit, batch.partition, new Date(this.clock.now().getTime() + this.config.latenessMs));
      if (batch.assignment !== undefined) this.released.set(batch.partition, batch.assignment);
      this.deferredJob?.wakeIn(this.config.latenessMs + DUE_SLACK_MS);
      markStage('release');
    }
    timer();
  }

  /**
   * Detects over the events in one transaction. When that fails for a reason a retry cannot cure
   * (the store refuses a value, a rule throws on odd data), the halves are tried apart, in order,
   * until the event(s) that fail alone are found; those are dead-lettered as UNPROCESSABLE and the
   * rest are detected. One bad event must not stop a partition, and every other event of its
   * accounts keeps its order. A retryable failure (Postgres away, a conflict) fails the batch as
   * before, and kafkajs delivers it again.
   */
  private async detectIsolating(batch: IncomingBatch, items: Accepted[], ruleSet: RuleSet, markStage: (stage: string) => void): Promise<void> {
    if (items.length === 0) return;
    try {
      const result = await this.transactions.run((db) =>
        this.detect(
          db,
          items.map((i) => i.event),
          ruleSet,
          markStage,
          batch,
        ),
      );
      markStage('commit');
      result.checkIn();
      await this.deadLetterConflicts(batch, items, result.conflicts);
      if (result.judged) this.relay.wake();
      if (result.deferred) this.deferredJob?.wakeIn(this.config.latenessMs + DUE_SLACK_MS);
    } catch (error) {
      if (isRetryableFailure(error)) throw error;
      this.metrics.isolations.inc();
      if (items.length > 1) {
        const half = Math.ceil(items.length / 2);
        await this.detectIsolating(batch, items.slice(0, half), ruleSet, markStage);
        await this.detectIsolating(batch, items.slice(half), ruleSet, markStage);
        return;
      }
      const [{ event, message }] = items;
      const reason = failureReason(error);
      this.log.error({ msg: 'dead-lettering an event that cannot be processed', eventId: event.id, type: event.type, partition: batch.partition, offset: message.offset, reason });
      await this.deadLetters.send(Topics.accountEventsDlq, [
        deadLetter({ topic: batch.topic, partition: batch.partition, message }, { code: 'UNPROCESSABLE', reason }, this.clock.now()),
      ]);
      this.metrics.deadLetters.inc({ code: 'UNPROCESSABLE' });
      this.metrics.events.inc({ outcome: 'dead_lettered' });
    }
  }

  /**
   * Sets aside, after the transaction that kept the first event under their key, the events whose
   * id their account already has with other content: with both hashes, never the other content.
   * A producer reusing or guessing an id can neither replace a recorded event nor make its own
   * vanish, and the sender learns nothing of what is recorded (the gateway answered before this).
   */
  private async deadLetterConflicts(batch: IncomingBatch, items: Accepted[], conflicts: Conflict[]): Promise<void> {
    if (conflicts.length === 0) return;
    const letters = conflicts.map(({ index, verdict }) => {
      const { event, message } = items[index];
      const reason = `event id ${event.id} is already recorded for this account with other content (recorded sha256 ${verdict.recordedHash}, this sha256 ${verdict.hash})`;
      const letter = deadLetter({ topic: batch.topic, partition: batch.partition, message }, { code: 'DUPLICATE_ID_CONFLICT', reason }, this.clock.now());
      return { ...letter, headers: { ...letter.headers, [DLQ_HEADERS.contentHash]: verdict.hash, [DLQ_HEADERS.recordedContentHash]: verdict.recordedHash } };
    });
    // Once per batch with the count: an id reused on purpose can come by the thousand.
    const [first] = conflicts;
    this.log.warn({
      msg: 'dead-lettering events whose id their account already has with other content',
      count: conflicts.length,
      eventId: items[first.index].event.id,
      partition: batch.partition,
      offset: items[first.index].message.offset,
    });
    await this.deadLetters.send(Topics.accountEventsDlq, letters);
    this.metrics.deadLetters.inc({ code: 'DUPLICATE_ID_CONFLICT' }, conflicts.length);
    this.metrics.events.inc({ outcome: 'dead_lettered' }, conflicts.length);
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
    db: Transaction,
    events: AccountEvent[],
    ruleSet: RuleSet,
    markStage: (stage: string) => void,
    from: Pick<IncomingBatch, 'partition' | 'caughtUp'>,
  ): Promise<{ checkIn: () => void; judged: boolean; deferred?: boolean; conflicts: Conflict[] }> {
    markStage('begin');
    const accountIds = [...new Set(events.map((e) => e.accountId))];
    // Each event is recorded with the next number of its account, after the head.
    const loaded = await this.states.checkout(db, accountIds);
    markStage('load');
    const next = new Map([...loaded].map(([id, { headSeq }]) => [id, headSeq]));
    const seqs = events.map((event) => {
      const seq = next.get(event.accountId)! + 1;
      next.set(event.accountId, seq);
      return seq;
    });
    // Identity is per account: a producer's retry (even twice in one batch) is dropped, another
    // account's use of the id is another event, and other content under the id is a conflict.
    const verdicts = await this.eventLog.recordEvents(db, events, seqs);
    markStage('record');
    const heads = new Map<string, number>();
    const conflicts: Conflict[] = [];
    const newEvents = events.filter((event, i) => {
      const verdict = verdicts[i];
      if (verdict.kind === 'conflict') conflicts.push({ index: i, verdict });
      if (verdict.kind !== 'new') return false;
      heads.set(event.accountId, seqs[i]);
      return true;
    });
    this.metrics.events.inc({ outcome: 'duplicate' }, events.length - newEvents.length - conflicts.length);
    if (newEvents.length === 0) return { checkIn: await this.states.save(db, loaded, heads), judged: false, conflicts };
    const snoozes = await this.cases.loadSnoozes(db, [...heads.keys()]);
    markStage('load');

    const judged: JudgedEvent[] = [];
    const deferred = [];
    // From a backlog, due only once the partition has caught up (see `handle`).
    const dueAt = from.caughtUp === false ? null : new Date(this.clock.now().getTime() + this.config.latenessMs);
    if (dueAt === null) this.released.delete(from.partition);
    for (const event of newEvents) {
      // Checked out: this batch's own to fold into, event by event.
      const { state } = loaded.get(event.accountId)!;
      const { now, pending } = judgeNow(ruleSet, state, event, this.clock, snoozes.get(event.accountId));
      if (now.hits.length || now.notices.length) judged.push({ event, evaluation: now, ...untrustedOf(state, event, now.decision) });
      if (pending) deferred.push({ eventId: event.id, accountId: event.accountId, dueAt, partition: from.partition, ...pending });
      fold(state, event);
    }
    markStage('evaluate');
    const checkIn = await this.states.save(db, loaded, heads);
    markStage('snapshots');
    await this.contacts.applyContactChanges(db, newEvents.filter(ofType('contact.changed')));
    await this.documents.upsertDocuments(db, newEvents.filter(ofType('identity.document.updated')));
    await this.contacts.upsertPreferences(db, newEvents.filter(ofType('preferences.updated')));
    markStage('contacts');
    await this.deferred.scheduleDeferred(db, deferred);
    markStage('deferred');
    // Cross-account: what these events tie their accounts to, committed with them; the entities
    // ring rules look at are queued for the ring roll-up, which judges them outside this transaction.
    await this.entityIndex.record(db, newEvents.flatMap(entityLinksOf), ringRuleNeeds);
    markStage('index');
    await this.outcomes.write(db, judged, ruleSet);
    markStage('outcomes');
    this.metrics.events.inc({ outcome: 'processed' }, newEvents.length);
    return { checkIn, judged: judged.length > 0, deferred: deferred.some((d) => d.dueAt !== null), conflicts };
  }
}
