import { type DeadLetterCause, type DeadLetterCode, describeCause, DLQ_HEADERS } from '@sentinel/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { OutgoingMessage } from './message-publisher';

/** Why and when a message was dead-lettered, as headers every dead-letter topic shares. */
export function deadLetterHeaders(code: DeadLetterCode, reason: string, at: Date): Record<string, string> {
  return { [DLQ_HEADERS.reason]: reason.slice(0, 4000), [DLQ_HEADERS.code]: code, [DLQ_HEADERS.failedAt]: at.toISOString() };
}

/** The original bytes, unchanged, with why and where they failed in headers. */
export function deadLetter(source: { topic: string; partition: number; message: KafkaMessage }, failure: DeadLetterCause, at: Date): OutgoingMessage<Buffer> {
  const { message } = source;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (Buffer.isBuffer(value)) headers[name] = value.toString('utf8');
    else if (typeof value === 'string') headers[name] = value;
  }
  return {
    key: message.key?.toString('utf8') ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...headers,
      ...deadLetterHeaders(failure.code, describeCause(failure), at),
      [DLQ_HEADERS.sourceTopic]: source.topic,
      [DLQ_HEADERS.sourcePartition]: String(source.partition),
      [DLQ_HEADERS.sourceOffset]: message.offset,
    },
  };
}
