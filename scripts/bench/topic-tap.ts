import type { Consumer, Kafka } from 'kafkajs';

/** When a message reached a reader of its topic, and the timestamp its producer gave it. */
export interface TapTiming {
  arrivedAt: number;
  producedAt: number;
}

/**
 * A bare kafkajs consumer in a group of its own that notes, per key its `keyOf` draws from each
 * message, when the message first reached it: the topic's share of a latency, measured beside
 * the service that reads the same topic (which may make a message wait behind its batches).
 */
export class TopicTap {
  readonly seen = new Map<string, TapTiming>();
  count = 0;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly keyOf: (value: Buffer) => string | undefined,
  ) {}

  /** Joins, reads from the start, and resolves once it has read `atLeast` messages. */
  async start(groupId: string, atLeast = 0): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachBatch: ({ batch }) => {
        const arrivedAt = Date.now();
        for (const message of batch.messages) {
          const key = message.value ? this.keyOf(message.value) : undefined;
          if (key !== undefined && !this.seen.has(key)) this.seen.set(key, { arrivedAt, producedAt: Number(message.timestamp) });
        }
        this.count += batch.messages.length;
        return Promise.resolve();
      },
    });
    while (this.count < atLeast) await new Promise((r) => setTimeout(r, 200));
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
