import type { TopicPayloads } from '@sentinel/contracts';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { physicalTopic, type KafkaSettings } from './kafka-settings';
import type { MessagePublisher, OutgoingMessage } from './message-publisher';

/**
 * kafkajs behind MessagePublisher: acks from all in-sync replicas, one request in flight so a
 * retry cannot reorder an account's events. Not kafkajs's idempotent mode: it needs unbounded
 * retries, which would hang an ingest request while Kafka is down instead of answering 503. A
 * retried send may duplicate a message; every consumer drops duplicates by message id.
 */
export class KafkaPublisherDriver implements MessagePublisher {
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly settings: KafkaSettings,
  ) {
    this.producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    // A failed connect is forgotten, so the next publish tries again once the broker is back
    // instead of replaying the first failure for the life of the process.
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async publish<T extends keyof TopicPayloads>(topic: T, messages: OutgoingMessage<TopicPayloads[T]>[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    await this.producer.send({
      topic: physicalTopic(this.settings, topic),
      acks: -1,
      compression: CompressionTypes.None,
      messages: messages.map((m) => ({
        key: m.key,
        value: Buffer.isBuffer(m.value) ? m.value : JSON.stringify(m.value),
        headers: m.headers,
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}
