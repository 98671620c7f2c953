import type { TopicPayloads } from '@sentinel/contracts';

export interface OutgoingMessage<T> {
  key: string;
  value: T;
  headers?: Record<string, string>;
}

/** Publishes to a logical topic; resolves once the broker has acknowledged every message. */
export interface MessagePublisher {
  publish<T extends keyof TopicPayloads>(topic: T, messages: OutgoingMessage<TopicPayloads[T]>[]): Promise<void>;
}

export const MESSAGE_PUBLISHER = Symbol('MessagePublisher');
