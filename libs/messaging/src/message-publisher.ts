import type { TopicPayloads } from '@sentinel/contracts';

export interface OutgoingMessage<T> {
  key: string;
  value: T;
  /**
   * `value` as JSON, when the caller already serialised it (to check its size): the publishers
   * measure and send these bytes instead of serialising the value again.
   */
  encoded?: Buffer;
  headers?: Record<string, string>;
}

/** Publishes to a logical topic; resolves once the broker has acknowledged every message. */
export interface MessagePublisher {
  publish<T extends keyof TopicPayloads>(topic: T, messages: OutgoingMessage<TopicPayloads[T]>[]): Promise<void>;
}

export const MESSAGE_PUBLISHER = Symbol('MessagePublisher');
