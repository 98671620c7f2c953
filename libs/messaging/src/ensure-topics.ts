import type { Kafka } from 'kafkajs';

/**
 * Creates the topics that are missing; existing topics are left as they are. Services start
 * together and race to create the same topics, so a failed create is checked against the topic
 * list and retried rather than taken as fatal.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], partitions: number, attempts = 5): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
        });
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
