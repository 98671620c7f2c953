import { isolatedPrefix, pollUntil, testKafka, testKafkaSettings } from '@sentinel/testing';
import { type Admin, type Kafka, KafkaJSNonRetriableError, type PartitionAssigner, PartitionAssigners, type Producer } from 'kafkajs';
import { ConsumerProgress } from './consumer-progress';
import { type IncomingBatch, KafkaBatchServer } from './kafka-batch.server';
import { physicalTopic } from './kafka-settings';

/** The batch transport against the real broker: what it commits, and when it does not. */
describe('KafkaBatchServer offsets', () => {
  const prefix = isolatedPrefix();
  const settings = testKafkaSettings(prefix);
  const topic = physicalTopic(settings, 'account.events');
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let server: KafkaBatchServer;
  const seen: string[] = [];
  let failing = false;
  let refused = 0;

  const committed = async (group = 'batch-spec') => {
    const [offsets] = await admin.fetchOffsets({ groupId: `${prefix}${group}`, topics: [topic] });
    return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  };
  // The log's end, not a count of what was sent: a produce retried on a slow broker may write twice.
  const logEnd = async () => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);

  beforeAll(async () => {
    kafka = await testKafka(prefix);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    server = new KafkaBatchServer({ kafka, settings, group: 'batch-spec', topics: ['account.events'] });
    server.addHandler(
      'account.events',
      (batch: IncomingBatch) => {
        if (failing) {
          refused += 1;
          return Promise.reject(new Error('the database is down'));
        }
        seen.push(...batch.messages.map((m) => m.value!.toString()));
        return Promise.resolve();
      },
      true,
    );
    await new Promise<void>(
      (resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('the server did not start')) : resolve())),
    );
  });

  afterAll(async () => {
    await server.close();
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('given a handled batch, then its offsets are committed within the commit interval, not only at shutdown', async () => {
    await producer.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value, i) => ({ key: `k${i}`, value })) });
    const end = await logEnd();
    expect(end).toBeGreaterThanOrEqual(4);
    await pollUntil(async () => (await committed()) === end, { what: 'every offset on the log committed' });
    expect([...new Set(seen)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('given a handler that throws, then nothing is committed, and the batch comes again once it succeeds', async () => {
    failing = true;
    const before = await committed();
    await producer.send({ topic, messages: [{ key: 'k9', value: 'e' }] });
    const end = await logEnd();
    expect(end).toBeGreaterThan(before);
    // Redelivered and refused again and again, each time past a commit interval: still nothing committed.
    const from = refused;
    await pollUntil(() => refused >= from + 3, { what: 'three more refusals of the failing batch' });
    expect(await committed()).toBe(before);
    expect(seen).not.toContain('e');
    failing = false;
    await pollUntil(async () => seen.includes('e') && (await committed()) === end, { what: 'the batch handled and committed' });
  });

  it('given finished batches inside a long commit interval, then closing commits them before leaving the group', async () => {
    const handled: string[] = [];
    const patient = new KafkaBatchServer({ kafka, settings: { ...settings, commitIntervalMs: 60_000 }, group: 'batch-close', topics: ['account.events'] });
    patient.addHandler(
      'account.events',
      (batch: IncomingBatch) => {
        handled.push(...batch.messages.map((m) => m.value!.toString()));
        return Promise.resolve();
      },
      true,
    );
    await new Promise<void>(
      (resolve, reject) => void patient.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('the server did not start')) : resolve())),
    );
    const total = await logEnd();
    await pollUntil(() => handled.length === total, { what: 'the log handled by a second group' });
    expect(await committed('batch-close')).toBe(0);
    await patient.close();
    expect(await committed('batch-close')).toBe(total);
  });

  it('given a partition whose batch hangs, with a member per partition, then the other partitions are not held behind it', async () => {
    // With one member, kafkajs fetches again only once every batch of its last fetch is done.
    const members = 3;
    const group = `batch-members-${members}`;
    const hang = { release: () => undefined as void, started: false };
    const gate = new Promise<void>((resolve) => (hang.release = resolve));
    const handled: string[] = [];
    const server = new KafkaBatchServer({ kafka, settings, group, topics: ['account.events'], concurrency: 3, members });
    server.addHandler(
      'account.events',
      async (batch: IncomingBatch) => {
        const values = batch.messages.map((m) => m.value!.toString());
        if (values.includes(`${group}:slow`)) {
          hang.started = true;
          await gate;
        }
        handled.push(...values);
      },
      true,
    );
    await new Promise<void>(
      (resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('the server did not start')) : resolve())),
    );
    try {
      const total = await logEnd();
      await pollUntil(() => handled.length === total, { what: 'the log so far handled by this group' });
      await producer.send({ topic, messages: [{ partition: 0, value: `${group}:slow` }] });
      await pollUntil(() => hang.started, { what: 'the slow batch to start' });
      await producer.send({ topic, messages: [{ partition: 1, value: `${group}:quick` }] });
      await pollUntil(() => handled.includes(`${group}:quick`), { what: 'the other partition handled while the slow batch hangs' });
      expect(handled).not.toContain(`${group}:slow`);
      hang.release();
      await pollUntil(() => handled.includes(`${group}:slow`) && handled.includes(`${group}:quick`), { what: 'both handled once the slow batch ends' });
    } finally {
      hang.release();
      await server.close();
    }
  });

  it('given a batch that fails until kafkajs restarts the consumer, again and again, then its partition stays stalled across the rejoins', async () => {
    const group = 'batch-restart-loop';
    const progress = new ConsumerProgress(2_000);
    let joins = 0;
    // No retries inside kafkajs: each failure crashes the consumer, which restarts and rejoins.
    const server = new KafkaBatchServer({ kafka, settings, group, topics: ['account.events'], progress, consumer: { retry: { retries: 0, initialRetryTime: 100 } } });
    server.addHandler(
      'account.events',
      (batch: IncomingBatch) => (batch.messages.some((m) => m.value?.toString() === `${group}:poison`) ? Promise.reject(new Error('always fails')) : Promise.resolve()),
      true,
    );
    await new Promise<void>(
      (resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('the server did not start')) : resolve())),
    );
    server.on('consumer.group_join', () => (joins += 1));
    try {
      await producer.send({ topic, messages: [{ partition: 2, value: `${group}:poison` }] });
      await pollUntil(() => progress.stalled().length === 1, { timeoutMs: 20_000, what: 'the partition reported stalled' });
      const joinsThen = joins;
      await pollUntil(() => joins >= joinsThen + 2, { timeoutMs: 30_000, what: 'two more restarts and rejoins' });
      expect(progress.stalled()).toEqual([expect.objectContaining({ topic: 'account.events', partition: 2 })]);
      expect(progress.stalled()[0].failures).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it('given a consumer kafkajs stops for good (an error it does not retry), then a new consumer takes its place and the partition is consumed again', async () => {
    // A group coordinator not found after a broker restart does this; here the group's own
    // assignment step (a kafkajs plug-in point) fails once with the same kind of error.
    const group = 'batch-rebuilt';
    let refusals = 1;
    const failingOnce: PartitionAssigner = (config) => {
      const roundRobin = PartitionAssigners.roundRobin(config);
      return {
        ...roundRobin,
        assign: (input) => {
          if (refusals-- > 0) return Promise.reject(new KafkaJSNonRetriableError('Failed to find group coordinator'));
          return roundRobin.assign(input);
        },
      };
    };
    const progress = new ConsumerProgress(60_000);
    const handled: string[] = [];
    const crashes: boolean[] = [];
    let joins = 0;
    // The crashed member joined before its assignment failed: the group waits a session for it to go.
    const server = new KafkaBatchServer({
      kafka,
      settings,
      group,
      topics: ['account.events'],
      progress,
      consumer: { partitionAssigners: [failingOnce], sessionTimeout: 6_000, rebalanceTimeout: 6_000 },
    });
    server.addHandler(
      'account.events',
      (batch: IncomingBatch) => {
        handled.push(...batch.messages.map((m) => m.value!.toString()));
        return Promise.resolve();
      },
      true,
    );
    const listening = new Promise<void>(
      (resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error('the server did not start')) : resolve())),
    );
    // Added before the first consumer crashes: the consumer built after it must carry them too.
    server.on('consumer.crash', ({ payload }: { payload: { restart: boolean } }) => crashes.push(payload.restart));
    server.on('consumer.group_join', () => (joins += 1));
    try {
      await listening;
      await producer.send({ topic, messages: [{ partition: 1, value: `${group}:after` }] });
      await pollUntil(() => handled.includes(`${group}:after`), { timeoutMs: 30_000, what: 'the message consumed by the consumer built after the crash' });
      expect(crashes).toEqual([false]);
      expect(joins).toBe(1);
      expect(progress.stopped()).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
