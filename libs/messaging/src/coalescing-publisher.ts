import type { TopicPayloads } from '@sentinel/contracts';
import { isRetriableKafkaError } from './kafka-errors';
import type { MessagePublisher, OutgoingMessage } from './message-publisher';

interface Waiting {
  topic: keyof TopicPayloads;
  messages: OutgoingMessage<TopicPayloads[keyof TopicPayloads]>[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface CoalescingOptions {
  lingerMs: number;
  maxMessages: number;
  /** Bytes in one produce call at most (whole callers; one caller larger than this still goes, alone). */
  maxBytes?: number;
}

/** Under the broker's default 1 MiB for a record batch, whatever it was set to. */
const DEFAULT_MAX_BYTES = 512 * 1024;

/**
 * Coalesces concurrent publishes into one produce call per topic: the first waits up to
 * `lingerMs` for others to join, and while a produce is in flight the next ones gather behind it.
 * Each caller's promise settles with the produce that carried its messages, so it resolves only
 * once the broker acknowledged them (with the inner publisher's acks) and rejects if that produce
 * failed. One caller's messages stay together and in order, callers in order of arrival. A
 * produce the broker refuses for what it holds (not for being away) is tried again caller by
 * caller, so one sender's refused request fails alone and never another sender's events.
 */
export class CoalescingPublisher implements MessagePublisher {
  private readonly waiting: Waiting[] = [];
  private waitingMessages = 0;
  private waitingBytes = 0;
  private timer?: NodeJS.Timeout;
  private sending = false;
  private readonly maxBytes: number;

  constructor(
    private readonly inner: MessagePublisher,
    private readonly options: CoalescingOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  publish<T extends keyof TopicPayloads>(topic: T, messages: OutgoingMessage<TopicPayloads[T]>[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const bytes = messages.reduce((sum, m) => sum + sizeOf(m), 0);
      this.waiting.push({ topic, messages, bytes, resolve, reject });
      this.waitingMessages += messages.length;
      this.waitingBytes += bytes;
      if (this.sending) return;
      if (this.waitingMessages >= this.options.maxMessages || this.waitingBytes >= this.maxBytes) this.send();
      else this.timer ??= setTimeout(() => this.send(), this.options.lingerMs);
    });
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.waiting.length === 0) return;
    // Whole callers, up to maxMessages and maxBytes (at least one caller, however large).
    let count = 0;
    let bytes = 0;
    let take = 0;
    while (take < this.waiting.length) {
      const next = this.waiting[take];
      if (take > 0 && (count + next.messages.length > this.options.maxMessages || bytes + next.bytes > this.maxBytes)) break;
      count += next.messages.length;
      bytes += next.bytes;
      take++;
    }
    const batch = this.waiting.splice(0, take);
    this.waitingMessages -= count;
    this.waitingBytes -= bytes;
    this.sending = true;
    const byTopic = new Map<keyof TopicPayloads, Waiting[]>();
    for (const w of batch) byTopic.set(w.topic, [...(byTopic.get(w.topic) ?? []), w]);
    void Promise.all([...byTopic].map(([topic, callers]) => this.produce(topic, callers))).finally(() => {
      this.sending = false;
      // Those that gathered during the produce have waited long enough: they go at once.
      if (this.waiting.length > 0) this.send();
    });
  }

  private async produce(topic: keyof TopicPayloads, callers: Waiting[]): Promise<void> {
    try {
      await this.inner.publish(
        topic,
        callers.flatMap((c) => c.messages),
      );
      callers.forEach((c) => c.resolve());
    } catch (error) {
      if (callers.length === 1 || isRetriableKafkaError(error)) {
        callers.forEach((c) => c.reject(error));
        return;
      }
      // In order, so that a caller's events never overtake an earlier caller's on a partition.
      for (const caller of callers) await this.produce(topic, [caller]);
    }
  }
}

function sizeOf(message: OutgoingMessage<unknown>): number {
  const value = message.encoded?.length ?? (Buffer.isBuffer(message.value) ? message.value.length : Buffer.byteLength(JSON.stringify(message.value) ?? ''));
  let headers = 0;
  for (const [name, v] of Object.entries(message.headers ?? {})) headers += name.length + v.length;
  return 32 + Buffer.byteLength(message.key) + value + headers;
}
