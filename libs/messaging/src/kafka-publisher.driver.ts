import type { TopicPayloads } from '@sentinel/contracts';
import { CompressionTypes, type Kafka, KafkaJSError, type Producer } from 'kafkajs';
import { physicalTopic, type KafkaSettings } from './kafka-settings';
import type { MessagePublisher, OutgoingMessage } from './message-publisher';

/**
 * kafkajs behind MessagePublisher: acks from all in-sync replicas, one request in flight so a
 * retry cannot reorder an account's events. Not kafkajs's idempotent mode: it needs unbounded
 * retries, which would hang an ingest request while Kafka is down instead of answering 503. A
 * retried send may duplicate a message; every consumer drops duplicates by message id.
 *
 * A publish fails after `produceTimeoutMs` however far kafkajs's retries have got: those are the
 * client's (the producer's own retry settings do not reach its connects and metadata refreshes),
 * and against a stopped broker they last about 110 s, longer than a caller waits for an answer.
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
    const sending = this.send(topic, messages);
    const timeoutMs = this.settings.produceTimeoutMs;
    if (timeoutMs === undefined) return sending;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      // Retriable: a coalescing caller must not split a batch that timed out into one slow try per caller.
      timer = setTimeout(() => reject(new KafkaJSError(`the broker did not take the messages within ${timeoutMs} ms`, { retriable: true })), timeoutMs);
    });
    try {
      // The race handles a late rejection of the abandoned send; its kafkajs retries run out on their own.
      await Promise.race([sending, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async send<T extends keyof TopicPayloads>(topic: T, messages: OutgoingMessage<TopicPayloads[T]>[]): Promise<void> {
    await this.connect();
    await this.producer.send({
      topic: physicalTopic(this.settings, topic),
      acks: -1,
      compression: CompressionTypes.None,
      messages: messages.map((m) => ({
        key: m.key,
        value: m.encoded ?? (Buffer.isBuffer(m.value) ? m.value : JSON.stringify(m.value)),
        headers: m.headers,
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}
