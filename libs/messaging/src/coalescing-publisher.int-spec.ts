import type { AccountEvent } from '@sentinel/contracts';
import { isolatedPrefix, readTopic, testKafka, testKafkaSettings } from '@sentinel/testing';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { CoalescingPublisher } from './coalescing-publisher';
import { KafkaPublisherDriver } from './kafka-publisher.driver';
import { physicalTopic } from './kafka-settings';
import type { MessagePublisher } from './message-publisher';

/** Coalesced produce calls against the real broker: what each caller is told, and when. */
describe('CoalescingPublisher', () => {
  const prefix = isolatedPrefix();
  const settings = testKafkaSettings(prefix);
  let kafka: Kafka;
  let driver: KafkaPublisherDriver;
  /** Every produce call the coalescer makes, by its number of messages, through the real driver. */
  const produces: number[] = [];
  let counted: MessagePublisher;

  const event = (accountId: string, n: number) => ({ key: accountId, value: { id: `${accountId}-${n}`, accountId } as unknown as AccountEvent });

  beforeAll(async () => {
    kafka = await testKafka(prefix);
    driver = new KafkaPublisherDriver(kafka, settings);
    await driver.connect();
    counted = {
      publish: (topic, messages) => {
        produces.push(messages.length);
        return driver.publish(topic, messages);
      },
    };
  });

  afterAll(() => driver.disconnect());

  it('given concurrent single-event and batched requests, when published, then they share produce calls and each caller resumes with its events on the topic, in order', async () => {
    const publisher = new CoalescingPublisher(counted, { lingerMs: 5, maxMessages: 10_000 });
    const callers = Array.from({ length: 40 }, (_, i) => `acct-${randomUUID().slice(0, 6)}-${i}`);
    await Promise.all(
      callers.map((accountId, i) =>
        publisher.publish(
          'account.events',
          Array.from({ length: i % 4 === 0 ? 5 : 1 }, (_, n) => event(accountId, n)),
        ),
      ),
    );
    const expected = callers.reduce((sum, _, i) => sum + (i % 4 === 0 ? 5 : 1), 0);
    expect(produces.reduce((a, b) => a + b, 0)).toBe(expected);
    expect(produces.length).toBeLessThan(callers.length / 4);
    const onTopic = (await readTopic(kafka, physicalTopic(settings, 'account.events'), expected)).map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id);
    expect(onTopic).toHaveLength(expected);
    for (const [i, accountId] of callers.entries()) {
      expect(onTopic.filter((id) => id.startsWith(`${accountId}-`))).toEqual(Array.from({ length: i % 4 === 0 ? 5 : 1 }, (_, n) => `${accountId}-${n}`));
    }
  });

  it('given more waiting events than one produce may carry, when published, then they go in several produce calls of whole requests', async () => {
    produces.length = 0;
    const publisher = new CoalescingPublisher(counted, { lingerMs: 5, maxMessages: 10 });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        publisher.publish(
          'account.events',
          Array.from({ length: 4 }, (_, n) => event(`big-${i}`, n)),
        ),
      ),
    );
    expect(produces.reduce((a, b) => a + b, 0)).toBe(32);
    expect(produces.every((n) => n % 4 === 0 && n <= 10)).toBe(true);
  });

  it('given a produce that fails, when its callers wait, then every one of them is told so', async () => {
    const gone = new KafkaPublisherDriver(kafka, settings);
    await gone.connect();
    await gone.disconnect();
    const publisher = new CoalescingPublisher(gone, { lingerMs: 5, maxMessages: 10_000 });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => publisher.publish('account.events', [event(`lost-${i}`, 0)])));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('given a sender whose events the broker refuses for their size in a shared produce, then only that sender fails, and the others are on the topic', async () => {
    produces.length = 0;
    const publisher = new CoalescingPublisher(counted, { lingerMs: 20, maxMessages: 10_000, maxBytes: 64 * 1024 * 1024 });
    const run = randomUUID().slice(0, 6);
    // Over the broker's message.max.bytes (2 MiB here, 1 MiB by default) in one record batch.
    const huge = { key: `huge-${run}`, value: { id: `huge-${run}`, accountId: `huge-${run}`, junk: 'x'.repeat(3 * 1024 * 1024) } as unknown as AccountEvent };
    const outcomes = await Promise.allSettled([
      publisher.publish('account.events', [event(`before-${run}`, 0)]),
      publisher.publish('account.events', [huge]),
      publisher.publish('account.events', [event(`after-${run}`, 0)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // One shared produce, refused, then each sender on its own.
    expect(produces).toEqual([3, 1, 1, 1]);
    const admin = kafka.admin();
    await admin.connect();
    const total = (await admin.fetchTopicOffsets(physicalTopic(settings, 'account.events'))).reduce((n, p) => n + Number(p.high), 0);
    await admin.disconnect();
    const all = (await readTopic(kafka, physicalTopic(settings, 'account.events'), total)).map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id);
    expect([all.includes(`before-${run}-0`), all.includes(`after-${run}-0`), all.includes(`huge-${run}`)]).toEqual([true, true, false]);
  });

  it('given requests larger together than a produce may carry in bytes, then they go in several produces of whole requests', async () => {
    produces.length = 0;
    const publisher = new CoalescingPublisher(counted, { lingerMs: 20, maxMessages: 10_000, maxBytes: 100 * 1024 });
    const run = randomUUID().slice(0, 6);
    const sized = (i: number) => ({ key: `s-${run}-${i}`, value: { id: `s-${run}-${i}`, accountId: `s-${run}-${i}`, junk: 'y'.repeat(40 * 1024) } as unknown as AccountEvent });
    await Promise.all(Array.from({ length: 6 }, (_, i) => publisher.publish('account.events', [sized(i)])));
    expect(produces.reduce((a, b) => a + b, 0)).toBe(6);
    expect(Math.max(...produces)).toBeLessThanOrEqual(2);
  });

  it('given messages their caller already serialised, when published, then the produces are sized by those bytes and the topic holds them as they were', async () => {
    produces.length = 0;
    const publisher = new CoalescingPublisher(counted, { lingerMs: 20, maxMessages: 10_000, maxBytes: 100 * 1024 });
    const run = randomUUID().slice(0, 6);
    // The value itself is small: only its 40 KiB serialised form can split the produces.
    const serialised = Array.from({ length: 6 }, (_, i) => {
      const value = { id: `e-${run}-${i}`, accountId: `e-${run}-${i}` } as unknown as AccountEvent;
      return { key: value.accountId, value, encoded: Buffer.from(JSON.stringify({ ...value, note: 'z'.repeat(40 * 1024) })) };
    });
    await Promise.all(serialised.map((message) => publisher.publish('account.events', [message])));
    expect(produces.reduce((a, b) => a + b, 0)).toBe(6);
    expect(Math.max(...produces)).toBeLessThanOrEqual(2);
    const onTopic = await readTopic(kafka, physicalTopic(settings, 'account.events'), (received) => serialised.every(({ key }) => received.some((m) => m.key?.toString() === key)));
    for (const { key, encoded } of serialised) expect(onTopic.find((m) => m.key?.toString() === key)!.value).toEqual(encoded);
  });
});
