import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { loggableError } from '@sentinel/contracts';
import type { ConsumerProgress } from './consumer-progress';
import { groupId, physicalTopic, type KafkaSettings } from './kafka-settings';
import { RepeatedErrors } from './repeated-errors';

/** What an `@EventPattern(<logical topic>)` handler receives: one fetched batch of one partition. */
export interface IncomingBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  heartbeat(): Promise<void>;
  /**
   * False when the partition held more messages than this batch when it was fetched: the consumer
   * is working through a backlog. Absent means caught up.
   */
  caughtUp?: boolean;
  /**
   * Counts the group's rebalances as this process saw them: the same number means this process
   * has owned the partition without a break since the last batch that carried it. Absent: unknown.
   */
  assignment?: number;
}

export interface KafkaBatchServerOptions {
  kafka: Kafka;
  settings: KafkaSettings;
  group: string;
  topics: string[];
  consumer?: Partial<ConsumerConfig>;
  /** Partitions handled at once; each partition's messages stay in order. */
  concurrency?: number;
  /**
   * Group members in this process, each with its own fetch loop, sharing `concurrency` among them.
   * kafkajs hands a member's handler every partition's batch of one fetch and fetches again only
   * once all of them are done, so a member's partitions wait for its slowest batch; members of
   * their own wait for nobody. 1 by default.
   */
  members?: number;
  /** Where readiness and metrics learn which partitions are stuck. */
  progress?: ConsumerProgress;
}

const RECOVERED = 'batch got through after failing';

/** One consumer of the group and what it has finished but not yet committed. */
interface Member {
  consumer: Consumer;
  pending?: () => Promise<void>;
  trailing?: NodeJS.Timeout;
  assignment: Record<string, number[]>;
  /** Counts the member's joins: a batch that began in an earlier one belongs to a group that is gone. */
  generation: number;
  /** Consecutive rebuilds without a join in between: the next one waits longer. */
  rebuilds: number;
  rebuilding?: NodeJS.Timeout;
}

/** First wait before a consumer kafkajs gave up on is built again; doubles to REBUILD_MAX_MS. */
const REBUILD_FIRST_MS = 1_000;
const REBUILD_MAX_MS = 30_000;

/**
 * A NestJS transport that hands handlers whole batches instead of single messages, so that a
 * handler can load and write state for the batch in one round trip. Offsets are committed only
 * after the handler has resolved; when it throws, nothing is committed and kafkajs redelivers.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private members: Member[] = [];
  private readonly log = new Logger(KafkaBatchServer.name);
  private readonly logicalByPhysical = new Map<string, string>();
  private get commitIntervalMs(): number {
    return this.options.settings.commitIntervalMs ?? 1_000;
  }
  private readonly failures = new RepeatedErrors((line) => (line.msg === RECOVERED ? this.log.warn(line) : this.log.error(line)));
  /** Per partition, the failure last reported, so that its recovery can be said once it gets through. */
  private readonly failing = new Map<string, string>();
  /** Rebalances seen by any member (see IncomingBatch.assignment). */
  private assignment = 0;
  /** Listeners added through `on`, again on each consumer built after a crash. */
  private readonly listeners: [string, unknown][] = [];
  private concurrency = 1;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    for (const logical of options.topics) {
      this.logicalByPhysical.set(physicalTopic(options.settings, logical), logical);
    }
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const count = Math.max(1, this.options.members ?? 1);
      this.concurrency = Math.max(1, Math.ceil((this.options.concurrency ?? 1) / count));
      this.members = Array.from({ length: count }, () => ({ consumer: this.createConsumer(), assignment: {}, generation: 0, rebuilds: 0 }));
      await Promise.all(this.members.map((member) => this.run(member)));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private createConsumer(): Consumer {
    const { kafka, settings, group } = this.options;
    return kafka.consumer({
      groupId: groupId(settings, group),
      sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
      // A third of the session, at most 3 s: two heartbeats can be lost before the group gives up on us.
      heartbeatInterval: Math.min(3_000, Math.floor((settings.sessionTimeoutMs ?? 30_000) / 3)),
      // Large fetches fold more of one account's events into each state write; a quiet topic still gives small ones.
      maxBytesPerPartition: 4_194_304,
      allowAutoTopicCreation: false,
      // No producer of ours writes in transactions; read_committed would let anyone who can open
      // one (and never commit it) hold every record behind it for transaction.max.timeout.ms.
      readUncommitted: true,
      ...this.options.consumer,
    });
  }

  private async run(member: Member): Promise<void> {
    const { consumer } = member;
    const progress = this.options.progress;
    for (const [event, callback] of this.listeners) consumer.on(event as never, callback as never);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.assignment++;
      member.generation++;
      member.rebuilds = 0;
      // Offsets finished before the join were the old generation's to commit; it is gone.
      member.pending = undefined;
    });
    // kafkajs restarts a consumer only after errors it deems retriable. Others (a group coordinator
    // not found while a restarted broker loads the offsets topic, an unknown server error) leave it
    // consuming nothing, for good, while the process looks alive: seen as alerts never sent in the
    // fault suite. Such a consumer, already disconnected by kafkajs, is replaced by a new one.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      const reason = loggableError(payload.error).message;
      this.log.error({ msg: 'Kafka consumer stopped on an error kafkajs does not restart from; building a new one', group: this.options.group, error: reason });
      this.rebuild(member);
    });
    if (progress) {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        // The group speaks of physical topics (prefixed); progress, of the logical ones batches carry.
        member.assignment = Object.fromEntries(Object.entries(payload.memberAssignment).map(([topic, partitions]) => [this.logicalByPhysical.get(topic) ?? topic, partitions]));
        // Every member's partitions together: what this process owns.
        const owned: Record<string, number[]> = {};
        for (const { assignment } of this.members) for (const [topic, partitions] of Object.entries(assignment)) (owned[topic] ??= []).push(...partitions);
        progress.assigned(owned);
      });
      // Restarted by kafkajs or rebuilt by us, a consumer that keeps failing is reported once it has for the stall time.
      consumer.on(consumer.events.CRASH, ({ payload }) => progress.restarted(loggableError(payload.error).message));
    }
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.logicalByPhysical.keys()], fromBeginning: true });
    await consumer.run({
      // Offsets move only when handleBatch resolves them after its write; it commits them once
      // the interval has passed (or at once, threshold 1, for an interval of 0), and a trailing
      // commit covers the last batches before a pause. Without either kafkajs never commits.
      autoCommit: false,
      ...(this.commitIntervalMs > 0 ? { autoCommitInterval: this.commitIntervalMs } : { autoCommitThreshold: 1 }),
      eachBatchAutoResolve: false,
      // While one batch waits on Postgres, another partition's batch can be evaluated.
      partitionsConsumedConcurrently: this.concurrency,
      eachBatch: (payload) => this.handleBatch(payload, member),
    });
  }

  /** Replaces a member's consumer that kafkajs stopped for good, after a wait that grows while it keeps stopping. */
  private rebuild(member: Member): void {
    if (!this.members.includes(member) || member.rebuilding) return;
    const waitMs = Math.min(REBUILD_MAX_MS, REBUILD_FIRST_MS * 2 ** member.rebuilds);
    member.rebuilds++;
    member.rebuilding = setTimeout(() => {
      member.rebuilding = undefined;
      if (!this.members.includes(member)) return;
      clearTimeout(member.trailing);
      member.trailing = undefined;
      member.pending = undefined;
      void member.consumer.disconnect().catch(() => undefined);
      member.consumer = this.createConsumer();
      this.run(member).catch((error: unknown) => {
        // Not reachable yet (the broker is still away): try again, later.
        this.log.warn({ msg: 'could not start the new Kafka consumer yet', group: this.options.group, error: loggableError(error).message });
        this.options.progress?.restarted(loggableError(error).message);
        this.rebuild(member);
      });
    }, waitMs);
    member.rebuilding.unref();
  }

  private async handleBatch(payload: EachBatchPayload, member: Member) {
    const { batch } = payload;
    if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
    const logical = this.logicalByPhysical.get(batch.topic) ?? batch.topic;
    const handler = this.getHandlerByPattern(logical);
    if (!handler) {
      // Committing here would silently drop the partition's messages; refuse instead.
      throw new Error(`no @EventPattern handler for topic ${logical}`);
    }
    const incoming: IncomingBatch = {
      topic: logical,
      partition: batch.partition,
      messages: batch.messages,
      heartbeat: () => payload.heartbeat(),
      caughtUp: batch.offsetLag() === '0',
      assignment: this.assignment,
    };
    const where = { topic: logical, partition: batch.partition, offset: batch.firstOffset() ?? '' };
    const stuckKey = `${logical}/${batch.partition}`;
    const generation = member.generation;
    this.options.progress?.started(logical, batch.partition, where.offset);
    try {
      await lastValueFrom(this.transformToObservable(await handler(incoming)), { defaultValue: undefined });
    } catch (error) {
      this.options.progress?.failed(logical, batch.partition);
      const said = loggableError(error);
      const key = `${stuckKey}/${where.offset}/${said.message}`;
      this.failing.set(stuckKey, key);
      this.failures.report(key, { msg: 'batch failed; kafkajs will deliver it again', ...where, error: said });
      // kafkajs logs what it is thrown: hand it the masked summary, never the error with its query parameters.
      // eslint-disable-next-line preserve-caught-error -- the cause is what must not reach kafkajs's log
      throw new Error(`batch of ${stuckKey} at offset ${where.offset} failed: ${said.code ? `${said.code} ` : ''}${said.message}`);
    }
    this.options.progress?.finished(logical, batch.partition, Number(batch.messages[batch.messages.length - 1].timestamp), incoming.caughtUp);
    const recovered = this.failing.get(stuckKey);
    if (recovered) {
      this.failing.delete(stuckKey);
      this.failures.resolve(recovered, { msg: RECOVERED, ...where });
    }
    if (member.generation !== generation) {
      // The group rebalanced while this batch ran (a member died or a broker's partitions moved).
      // kafkajs would resolve it into the new generation's offsets, which have not loaded the
      // committed ones yet: its commit then fails on them and the consumer crashes for good
      // (seen in the cluster fault profile). Not committed, the batch is read again by the
      // partition's owner, which finds its events recorded (by id) and skips them.
      this.log.debug({ msg: 'batch finished after a rebalance; its offsets are left to the new owner', ...where });
      return;
    }
    payload.resolveOffset(batch.lastOffset());
    // The payload's functions act on the group as it is then: after a rebalance they hold only
    // offsets resolved since, so a late commit cannot move another member's partition back.
    member.pending = () => payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    if (payload.isRunning()) {
      await payload.commitOffsetsIfNecessary();
      this.trailingCommit(member);
    } else {
      // Stopping: the group is left right after this batch, so commit what is finished now.
      await this.commitPending(member);
    }
    await payload.heartbeat();
  }

  /** Commits finished offsets a while after the last batch, so a quiet topic is not left behind. */
  private trailingCommit(member: Member): void {
    if (this.commitIntervalMs === 0 || member.trailing) return;
    member.trailing = setTimeout(() => {
      member.trailing = undefined;
      void this.commitPending(member);
    }, this.commitIntervalMs);
    member.trailing.unref();
  }

  private async commitPending(member: Member): Promise<void> {
    const pending = member.pending;
    member.pending = undefined;
    try {
      await pending?.();
    } catch (error) {
      // Not lost: the events are recorded, and a later commit (or a replay, which their ids make harmless) covers them.
      this.log.warn({ msg: 'could not commit finished offsets', group: this.options.group, error: (error as Error).message });
    }
  }

  on<EventKey extends string = string, EventCallback = unknown>(event: EventKey, callback: EventCallback): void {
    if (this.members.length === 0) throw new Error('the Kafka consumer is not connected yet');
    this.listeners.push([event, callback]);
    for (const { consumer } of this.members) consumer.on(event as never, callback as never);
  }

  /** The first member's consumer (the only one unless `members` was set). */
  unwrap<T>(): T {
    if (this.members.length === 0) throw new Error('the Kafka consumer is not connected yet');
    return this.members[0].consumer as T;
  }

  /** Stops fetching, lets the batches in hand finish and commit, then leaves the group. */
  async close(): Promise<void> {
    if (this.members.length === 0) return;
    this.log.log({ msg: 'draining Kafka consumer', group: this.options.group, members: this.members.length });
    const members = this.members;
    this.members = [];
    await Promise.all(
      members.map(async (member) => {
        clearTimeout(member.trailing);
        clearTimeout(member.rebuilding);
        member.trailing = undefined;
        member.rebuilding = undefined;
        await this.commitPending(member);
        await member.consumer.disconnect();
      }),
    );
  }
}
