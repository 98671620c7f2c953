import { DLQ_HEADERS, Topics } from '@sentinel/contracts';
import { isolatedPrefix, pollUntil, readTopic, testDataSource, testKafka, testKafkaSettings } from '@sentinel/testing';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DeadLetterSink } from './dead-letter-sink';
import { KafkaPublisherDriver } from './kafka-publisher.driver';
import { physicalTopic } from './kafka-settings';
import type { OutgoingMessage } from './message-publisher';

/** Dead letters against the real broker: however many and however large, sending them never fails. */
describe('DeadLetterSink', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await testDataSource();
  });
  afterAll(() => db.destroy());

  const letters = (run: string, sizes: number[]): OutgoingMessage<Buffer>[] =>
    sizes.map((size, i) => ({
      key: `acc-${run}`,
      value: Buffer.alloc(size, 'x'),
      headers: { [DLQ_HEADERS.code]: 'OVERSIZED', [DLQ_HEADERS.sourceOffset]: String(i), [DLQ_HEADERS.sourcePartition]: '0' },
    }));
  const kept = async (run: string) =>
    (await db.query<{ headers: Record<string, string>; bytes: number; publish_error: string }[]>(
      `SELECT headers, length(value) AS bytes, publish_error FROM unpublished_dead_letter WHERE message_key = $1 ORDER BY id`,
      [`acc-${run}`],
    )) ?? [];

  async function sinkFor(prefix: string, configure?: (kafka: Kafka, topic: string) => Promise<void>) {
    const settings = testKafkaSettings(prefix);
    const topic = physicalTopic(settings, Topics.accountEventsDlq);
    const kafka = await testKafka(prefix);
    await configure?.(kafka, topic);
    const publisher = new KafkaPublisherDriver(kafka, settings);
    const counted: number[] = [];
    return { kafka, topic, publisher, counted, sink: new DeadLetterSink(publisher, db, (_t, n) => counted.push(n)) };
  }

  it('given 300 letters of 60 KiB (18 MB, nine times the broker limit), then all reach the topic in produces it takes, and none is kept aside', async () => {
    const run = randomUUID().slice(0, 8);
    const { kafka, topic, publisher, sink } = await sinkFor(isolatedPrefix());
    try {
      await sink.send(Topics.accountEventsDlq, letters(run, Array<number>(300).fill(60 * 1024)));
      expect(await readTopic(kafka, topic, 300, 60_000)).toHaveLength(300);
      expect(await kept(run)).toEqual([]);
    } finally {
      await publisher.disconnect();
    }
  });

  it('given a letter the topic refuses for its size among ones it takes, then only that one is kept in Postgres, with why, and the rest are on the topic', async () => {
    const run = randomUUID().slice(0, 8);
    const { kafka, topic, publisher, sink, counted } = await sinkFor(isolatedPrefix(), async (k, name) => {
      const admin = k.admin();
      await admin.connect();
      // This topic takes no message over 20,000 bytes.
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name, configEntries: [{ name: 'max.message.bytes', value: '20000' }] }] });
      await admin.disconnect();
    });
    try {
      await sink.send(Topics.accountEventsDlq, letters(run, [1000, 1000, 30_000, 1000]));
      expect((await readTopic(kafka, topic, 3)).map((m) => m.headers?.[DLQ_HEADERS.sourceOffset]?.toString()).sort()).toEqual(['0', '1', '3']);
      await pollUntil(async () => (await kept(run)).length === 1, { what: 'the refused letter kept' });
      const [row] = await kept(run);
      expect(row).toMatchObject({ bytes: 30_000, headers: expect.objectContaining({ [DLQ_HEADERS.sourceOffset]: '2', [DLQ_HEADERS.code]: 'OVERSIZED' }) as object });
      expect(row.publish_error).toMatch(/MESSAGE_TOO_LARGE|too large/i);
      expect(counted).toEqual([1]);
    } finally {
      await publisher.disconnect();
    }
  });
});
