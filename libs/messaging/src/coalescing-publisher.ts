import type { TopicPayloads } from '@sentinel/contracts';
import type { MessagePublisher, OutgoingMessage } from './message-publisher';

interface Waiting {
  topic: keyof TopicPayloads;
  messages: OutgoingMessage<TopicPayloads[keyof TopicPayloads]>[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent publishes into one produce call per topic: the first waits up to
 * `lingerMs` for others to join, and while a produce is in flight the next ones gather behind it.
 * Each caller's promise settles with the produce that carried its messages, so it resolves only
 * once the broker acknowledged them (with the inner publisher's acks) and rejects if that produce
 * failed. One caller's messages stay together and in order, callers in order of arrival.
 */
export class CoalescingPublisher implements MessagePublisher {
  private readonly waiting: Waiting[] = [];
  private waitingMessages = 0;
  private timer?: NodeJS.Timeout;
  private sending = false;

  constructor(
    private readonly inner: MessagePublisher,
    private readonly options: { lingerMs: number; maxMessages: number },
  ) {}

  publish<T extends keyof TopicPayloads>(topic: T, messages: OutgoingMessage<TopicPayloads[T]>[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ topic, messages, resolve, reject });
      this.waitingMessages += messages.length;
      if (this.sending) return;
      if (this.waitingMessages >= this.options.maxMessages) this.send();
      else this.timer ??= setTimeout(() => this.send(), this.options.lingerMs);
    });
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.waiting.length === 0) return;
    // Whole callers, up to maxMessages (at least one caller, however large).
    let count = 0;
    let take = 0;
    while (take < this.waiting.length && (take === 0 || count + this.waiting[take].messages.length <= this.options.maxMessages)) {
      count += this.waiting[take].messages.length;
      take++;
    }
    const batch = this.waiting.splice(0, take);
    this.waitingMessages -= count;
    this.sending = true;
    const byTopic = new Map<keyof TopicPayloads, Waiting[]>();
    for (const w of batch) byTopic.set(w.topic, [...(byTopic.get(w.topic) ?? []), w]);
    void Promise.all(
      [...byTopic].map(([topic, callers]) =>
        this.inner
          .publish(
            topic,
            callers.flatMap((c) => c.messages),
          )
          .then(
            () => callers.forEach((c) => c.resolve()),
            (error: unknown) => callers.forEach((c) => c.reject(error)),
          ),
      ),
    ).finally(() => {
      this.sending = false;
      // Those that gathered during the produce have waited long enough: they go at once.
      if (this.waiting.length > 0) this.send();
    });
  }
}
