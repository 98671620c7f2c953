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
  const big = JSON.stringify({ id: 'big', junk: 'A'.repeat(5 * 1024 * 1024) });
  const byKey = new Map<string, KafkaMessage[]>();

  // One Java producer per codec and one consumer for all: each JVM start costs seconds on two cores.
  beforeAll(async () => {
    const kafka: Kafka = await testKafka(prefix);
    for (const codec of codecs) {
      await javaProduce(testKafkaSettings().brokers.join(','), topic, codec, [
        ...small.map((value) => ({ key: `${codec}-${run}`, value })),
        { key: `big-${codec}-${run}`, value: '{"n":"before"}' },
        { key: `big-${codec}-${run}`, value: big },
        { key: `big-${codec}-${run}`, value: '{"n":"after"}' },
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
        eachMessage: ({ message }) => {
          const key = message.key?.toString() ?? '';
          byKey.set(key, [...(byKey.get(key) ?? []), message]);
          count += 1;
          return Promise.resolve();
        },
      });
      await pollUntil(() => crashed !== undefined || count >= codecs.length * 53, { timeoutMs: 60_000, what: 'every codec batch read' });
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

  it.each(codecs)('given a %s record that decompresses to 5 MiB between two small ones, then it is a stub with its size and the others read whole', (codec) => {
    const [before, stub, after] = byKey.get(`big-${codec}-${run}`) ?? [];
    expect([before?.value?.toString(), after?.value?.toString()]).toEqual(['{"n":"before"}', '{"n":"after"}']);
    expect(Number(after.offset)).toBe(Number(stub.offset) + 1);
    expect(stub.value).toBeNull();
    expect(stub.key?.toString()).toBe(`big-${codec}-${run}`);
    expect(skippedRecordOf(stub.headers)).toEqual({ cause: 'record-too-large', bytes: expect.any(Number) as number, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
    expect(skippedRecordOf(stub.headers)!.bytes).toBeGreaterThan(big.length);
  });
});
