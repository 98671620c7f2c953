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

/**
 * Reads a physical topic from the beginning until `count` messages have arrived, or until `enough`
 * holds of those read (a spec looking for its own messages on a topic other specs write to as well).
 */
export async function readTopic(kafka: Kafka, topic: string, until: number | ((received: KafkaMessage[]) => boolean), timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const enough = typeof until === 'number' ? (received: KafkaMessage[]) => received.length >= until : until;
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
    await pollUntil(() => enough(received), { timeoutMs, what: typeof until === 'number' ? `${until} message(s) on ${topic}` : `the awaited messages on ${topic}` });
    return received;
  } finally {
    await consumer.disconnect();
  }
}
