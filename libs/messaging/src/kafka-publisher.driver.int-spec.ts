import type { AccountEvent } from '@sentinel/contracts';
import { DedicatedBroker, readTopic } from '@sentinel/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ensureTopics } from './ensure-topics';
import { KafkaPublisherDriver } from './kafka-publisher.driver';
import { physicalTopic, type KafkaSettings } from './kafka-settings';

/** The driver against a broker of its own, which the tests stop and start under it. */
describe('KafkaPublisherDriver', () => {
  const broker = new DedicatedBroker('publisher-driver');
  const settings: KafkaSettings = { brokers: [], clientId: 'publisher-driver-test', topicPrefix: 'driver.', partitions: 1 };
  const topic = physicalTopic(settings, 'account.events');
  // One quick retry, so a connect to a stopped broker fails in a second rather than the services' ~110 s.
  const client = () => new Kafka({ clientId: settings.clientId, brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } });
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
      const id = `back-${randomUUID()}`;
      await driver.publish('account.events', [event(id)]);
      const onTopic = (await readTopic(kafka, topic, 1)).map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id);
      expect(onTopic).toEqual([id]);
    } finally {
      await driver.disconnect();
    }
  }, 60_000);
});
