import { isolatedPrefix, javaProduce, type JavaCodec, pollUntil, testKafka, testKafkaSettings } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { physicalTopic } from './kafka-settings';
import { skippedRecordOf } from './record-reframer';

/**
 * Batches as Apache Kafka's Java client writes them, in every codec, read by our consumer: each
 * comes out whole, and a record that decompresses past the limit comes out as a stub with its
 * size and hash, never held in memory and never failing the fetch.
 */
describe('bounded codecs against the real broker and the Java producer', () => {
  const prefix = isolatedPrefix();
  const topic = physicalTopic({ topicPrefix: prefix }, 'account.events');
  const codecs: JavaCodec[] = ['gzip', 'snappy', 'lz4', 'zstd'];
  const run = randomUUID().slice(0, 6);
  const small = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, text: `event ${i} ${'ä'.repeat(i * 20)}` }));
  const big = JSON.stringify({ id: 'big', junk: 'A'.repeat(300 * 1024) });
  const huge = JSON.stringify({ id: 'huge', junk: 'A'.repeat(5 * 1024 * 1024) });
  const byKey = new Map<string, KafkaMessage[]>();
  /** By partition and offset: a stub past the batch budget was never read, so it has no key. */
  const byPosition = new Map<string, KafkaMessage & { partition: number }>();

  // One Java producer per codec and one consumer for all: each JVM start costs seconds on two cores.
  beforeAll(async () => {
    const kafka: Kafka = await testKafka(prefix);
    for (const codec of codecs) {
      await javaProduce(testKafkaSettings().brokers.join(','), topic, codec, [
        ...small.map((value) => ({ key: `${codec}-${run}`, value })),
        { key: `big-${codec}-${run}`, value: '{"n":"before"}' },
        { key: `big-${codec}-${run}`, value: big },
        { key: `big-${codec}-${run}`, value: '{"n":"after"}' },
        { key: `big-${codec}-${run}`, value: huge },
      ]);
    }
    const consumer = kafka.consumer({ groupId: `codec-${run}`, maxBytesPerPartition: 4_194_304 });
    let crashed: unknown;
    let count = 0;
    consumer.on(consumer.events.CRASH, ({ payload }) => (crashed = payload.error));
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          byPosition.set(`${partition}:${message.offset}`, { ...message, partition });
          const key = message.key?.toString() ?? '';
          byKey.set(key, [...(byKey.get(key) ?? []), message]);
          count += 1;
          return Promise.resolve();
        },
      });
      await pollUntil(() => crashed !== undefined || count >= codecs.length * 54, { timeoutMs: 60_000, what: 'every codec batch read' });
      if (crashed) throw crashed instanceof Error ? crashed : new Error('the consumer crashed');
    } finally {
      await consumer.disconnect();
    }
  }, 120_000);

  it.each(codecs)('given a %s batch from the Java client, then every record reads whole', (codec) => {
    const got = byKey.get(`${codec}-${run}`) ?? [];
    expect(got.map((m) => m.value?.toString())).toEqual(small);
    expect(got.every((m) => skippedRecordOf(m.headers) === undefined)).toBe(true);
  });

  it.each(codecs)(
    'given a %s batch with a 300 KiB record between two small ones and then a 5 MiB one, then the large ones are stubs (by size, and past the batch budget) and the small ones read whole',
    (codec) => {
      const [before, stub, after] = byKey.get(`big-${codec}-${run}`) ?? [];
      expect([before?.value?.toString(), after?.value?.toString()]).toEqual(['{"n":"before"}', '{"n":"after"}']);
      expect([stub, after].map((m) => Number(m.offset) - Number(before.offset))).toEqual([1, 2]);
      const partition = [...byPosition.values()].find((m) => m.offset === before.offset && m.key?.toString() === `big-${codec}-${run}`)!.partition;
      const bomb = byPosition.get(`${partition}:${Number(after.offset) + 1}`)!;
      expect(stub.value).toBeNull();
      expect(stub.key?.toString()).toBe(`big-${codec}-${run}`);
      expect(skippedRecordOf(stub.headers)).toEqual({ cause: 'record-too-large', bytes: expect.any(Number) as number, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
      expect(skippedRecordOf(stub.headers)!.bytes).toBeGreaterThan(big.length);
      expect(bomb.value).toBeNull();
      expect(skippedRecordOf(bomb.headers)?.cause).toMatch(/^(record|batch)-too-large$/);
    },
  );
});
