import { type DeadLetterCause, type DeadLetterCode, describeCause, DLQ_HEADERS, MAX_EVENT_BYTES } from '@sentinel/contracts';
import type { KafkaMessage } from 'kafkajs';
import { createHash } from 'node:crypto';
import type { OutgoingMessage } from './message-publisher';
import { skippedRecordOf, SKIPPED_RECORD_HEADER } from './record-reframer';

/**
 * What a dead letter may carry of its original. A value up to the event limit goes whole; a larger
 * one is cut to a prefix and named by size and hash (the original stays at its source offset), so
 * that a dead letter always fits the broker's limit, however large the message that caused it.
 */
export const DEAD_LETTER_LIMITS = {
  valueBytes: MAX_EVENT_BYTES,
  prefixBytes: 4 * 1024,
  keyBytes: 512,
  headerNameBytes: 256,
  headerValueBytes: 1024,
  headerTotalBytes: 8 * 1024,
  headerCount: 64,
} as const;

/** Why and when a message was dead-lettered, as headers every dead-letter topic shares. */
export function deadLetterHeaders(code: DeadLetterCode, reason: string, at: Date): Record<string, string> {
  return { [DLQ_HEADERS.reason]: reason.slice(0, 4000), [DLQ_HEADERS.code]: code, [DLQ_HEADERS.failedAt]: at.toISOString() };
}

/**
 * The original key, value and headers, within {@link DEAD_LETTER_LIMITS}, with why and where they
 * failed in headers.
 */
export function deadLetter(source: { topic: string; partition: number; message: KafkaMessage }, failure: DeadLetterCause, at: Date): OutgoingMessage<Buffer> {
  const { message } = source;
  const { headers, dropped } = keptHeaders(message.headers);
  const value = keptValue(message);
  return {
    key: cut(message.key ?? Buffer.alloc(0), DEAD_LETTER_LIMITS.keyBytes).toString('utf8'),
    value: value.bytes,
    headers: {
      ...headers,
      ...value.headers,
      ...(dropped > 0 ? { [DLQ_HEADERS.headersDropped]: String(dropped) } : {}),
      ...deadLetterHeaders(failure.code, describeCause(failure), at),
      [DLQ_HEADERS.sourceTopic]: source.topic,
      [DLQ_HEADERS.sourcePartition]: String(source.partition),
      [DLQ_HEADERS.sourceOffset]: message.offset,
    },
  };
}

/** The bytes a dead letter takes up on the broker, near enough to keep a produce under its limit. */
export function deadLetterSize(letter: OutgoingMessage<Buffer>): number {
  let size = 64 + Buffer.byteLength(letter.key) + letter.value.length;
  for (const [name, value] of Object.entries(letter.headers ?? {})) size += Buffer.byteLength(name) + Buffer.byteLength(value) + 8;
  return size;
}

function keptValue(message: KafkaMessage): { bytes: Buffer; headers: Record<string, string> } {
  const skipped = skippedRecordOf(message.headers);
  if (skipped?.bytes !== undefined) {
    return {
      bytes: Buffer.alloc(0),
      headers: { [DLQ_HEADERS.originalBytes]: String(skipped.bytes), [DLQ_HEADERS.originalSha256]: skipped.sha256 ?? '', [DLQ_HEADERS.valueKept]: 'none' },
    };
  }
  const value = message.value ?? Buffer.alloc(0);
  if (value.length <= DEAD_LETTER_LIMITS.valueBytes) return { bytes: value, headers: {} };
  return {
    bytes: Buffer.from(value.subarray(0, DEAD_LETTER_LIMITS.prefixBytes)),
    headers: {
      [DLQ_HEADERS.originalBytes]: String(value.length),
      [DLQ_HEADERS.originalSha256]: createHash('sha256').update(value).digest('hex'),
      [DLQ_HEADERS.valueKept]: 'prefix',
    },
  };
}

function keptHeaders(original: KafkaMessage['headers']): { headers: Record<string, string>; dropped: number } {
  const headers: Record<string, string> = {};
  let dropped = 0;
  let total = 0;
  for (const [name, raw] of Object.entries(original ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (name === SKIPPED_RECORD_HEADER || name.toLowerCase().startsWith('x-dlq-') || value === undefined) continue;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    const size = Buffer.byteLength(name) + Buffer.byteLength(text);
    const fits =
      Buffer.byteLength(name) <= DEAD_LETTER_LIMITS.headerNameBytes &&
      Buffer.byteLength(text) <= DEAD_LETTER_LIMITS.headerValueBytes &&
      total + size <= DEAD_LETTER_LIMITS.headerTotalBytes &&
      Object.keys(headers).length < DEAD_LETTER_LIMITS.headerCount;
    if (!fits) {
      dropped += 1;
      continue;
    }
    headers[name] = text;
    total += size;
  }
  return { headers, dropped };
}

function cut(bytes: Buffer, max: number): Buffer {
  return bytes.length <= max ? bytes : bytes.subarray(0, max);
}

/**
 * Why a record the consumer replaced by a stub while decompressing must be dead-lettered, before
 * anything reads its (absent) value: a record over the limit is OVERSIZED by its real size, not
 * MALFORMED_JSON for the stub's empty value.
 */
export function skippedCause(message: KafkaMessage): DeadLetterCause | undefined {
  const skipped = skippedRecordOf(message.headers);
  if (!skipped) return undefined;
  if (skipped.cause === 'undecodable') return { code: 'UNDECODABLE', reason: `the compressed batch could not be decompressed: ${skipped.detail ?? 'unknown'}` };
  const why =
    skipped.cause === 'record-too-large'
      ? `the record is ${skipped.bytes} bytes after decompression; at most ${MAX_EVENT_BYTES} are accepted`
      : `the compressed batch holding it decompresses to more than this consumer reads of one batch (64 times its compressed size, plus a share of a per-process allowance); ${
          skipped.bytes === undefined ? 'the record was not read' : `the record is ${skipped.bytes} bytes`
        }: produce such events in batches that compress less, or uncompressed`;
  return { code: 'OVERSIZED', issues: [{ path: '(root)', message: why }] };
}
