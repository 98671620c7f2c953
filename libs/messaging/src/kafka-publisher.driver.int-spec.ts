import type { AccountEvent } from '@sentinel/contracts';
import { DedicatedBroker } from '@sentinel/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ensureTopics } from './ensure-topics';
import { isRetriableKafkaError } from './kafka-errors';
import { KafkaPublisherDriver } from './kafka-publisher.driver';
import { physicalTopic, type KafkaSettings } from './kafka-settings';

/** The driver against a broker of its own, which the tests stop and start under it. */
describe('KafkaPublisherDriver', () => {
  const broker = new DedicatedBroker('publisher-driver');
  const settings: KafkaSettings = { brokers: [], clientId: 'publisher-driver-test', topicPrefix: 'driver.', partitions: 1 };
  const topic = physicalTopic(settings, 'account.events');
  // One quick retry, so a connect to a stopped broker fails in a second rather than the services' ~110 s.
  const client = () => new Kafka({ clientId: settings.clientId, brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } });
  /** How many messages the topic holds (its high watermarks): what the broker acknowledged, without a consumer group. */
  const messagesOn = async (kafka: Kafka) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const event = (id: string) => ({ key: id, value: { id, accountId: id } as unknown as AccountEvent });

  beforeAll(async () => {
    await broker.start();
    await ensureTopics(client(), [topic], settings.partitions);
  }, 60_000);

  afterAll(() => broker.dispose(), 30_000);

  it('given a broker that is down at its first connect, when the broker is back, then the next publish connects again and is on the topic', async () => {
    await broker.stop();
    const kafka = client();
    const driver = new KafkaPublisherDriver(kafka, settings);
    try {
      await expect(driver.publish('account.events', [event(`down-${randomUUID()}`)])).rejects.toThrow();
      await broker.start();
      await driver.publish('account.events', [event(`back-${randomUUID()}`)]);
      expect(await messagesOn(kafka)).toBe(1);
    } finally {
      await driver.disconnect();
    }
  }, 60_000);

  it('given a connected driver with a produce timeout, when its broker stops, then a publish fails as retriable within the timeout, not after kafkajs retries for minutes', async () => {
    await broker.start();
    // Retries that outlast the timeout several times over, yet end (each wait at most 1 s) soon after it, so the abandoned send does not hold jest open.
    const kafka = new Kafka({
      clientId: settings.clientId,
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 1_000 },
    });
    const driver = new KafkaPublisherDriver(kafka, { ...settings, produceTimeoutMs: 1_000 });
    try {
      await driver.publish('account.events', [event(`up-${randomUUID()}`)]);
      await broker.stop();
      const started = Date.now();
      const failure = await driver.publish('account.events', [event(`stopped-${randomUUID()}`)]).catch((error: unknown) => error);
      expect({ retriable: isRetriableKafkaError(failure), withinTimeout: Date.now() - started < 3_000 }).toEqual({ retriable: true, withinTimeout: true });
    } finally {
      await broker.start();
      await driver.disconnect();
    }
  }, 60_000);
});
