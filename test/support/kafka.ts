import { createKafka, ensureTopics, physicalTopic } from '@sentinel/messaging';
import { Topics } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { pollUntil } from './poll-until';
import { testEnv } from './test-env';

export function testKafkaSettings(topicPrefix = testEnv().topicPrefix) {
  return { brokers: testEnv().brokers, clientId: `test-${randomUUID().slice(0, 6)}`, topicPrefix, partitions: 3 };
}

export async function testKafka(topicPrefix?: string): Promise<Kafka> {
  const settings = testKafkaSettings(topicPrefix);
  const kafka = createKafka(settings);
  await ensureTopics(
    kafka,
    Object.values(Topics).map((t) => physicalTopic(settings, t)),
    settings.partitions,
  );
  return kafka;
}

/** Reads a physical topic from the beginning until `count` messages have arrived. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const received: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message);
        return Promise.resolve();
      },
    });
    await pollUntil(() => received.length >= count, { timeoutMs, what: `${count} message(s) on ${topic}` });
    return received;
  } finally {
    await consumer.disconnect();
  }
}
