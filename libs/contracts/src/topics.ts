import type { AccountEvent } from './account-event.schema';
import type { AccountAction, AlertMessage } from './alert-message.schema';

/** Logical topic names. Deployments may prefix them (KAFKA_TOPIC_PREFIX) to share a cluster. */
export const Topics = {
  accountEvents: 'account.events',
  accountEventsDlq: 'account.events.dlq',
  accountAlerts: 'account.alerts',
  accountAlertsDlq: 'account.alerts.dlq',
  accountActions: 'account.actions',
} as const;

/** What each topic carries, so producers and consumers type-check against one map. */
export interface TopicPayloads {
  'account.events': AccountEvent;
  'account.alerts': AlertMessage;
  'account.actions': AccountAction;
  // Dead-letter topics carry the original bytes unchanged; the reason travels in headers.
  'account.events.dlq': Buffer;
  'account.alerts.dlq': Buffer;
}

export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  code: 'x-dlq-code',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
  failedAt: 'x-dlq-failed-at',
  /** Set when the value is not the original whole: its size in bytes (after decompression). */
  originalBytes: 'x-dlq-original-bytes',
  /** With originalBytes: sha256 of the original value (or of the whole record, when it was never held), hex. */
  originalSha256: 'x-dlq-original-sha256',
  /** With originalBytes: `prefix` (the value is its first bytes) or `none` (no value; fetch it at the source offset). */
  valueKept: 'x-dlq-value-kept',
  /** How many of the original's headers were left out for their size. */
  headersDropped: 'x-dlq-headers-dropped',
  /** On DUPLICATE_ID_CONFLICT: the sha256 of this message's event, and of the one recorded under its account and id. */
  contentHash: 'x-dlq-content-hash',
  recordedContentHash: 'x-dlq-recorded-content-hash',
} as const;

export const CORRELATION_HEADER = 'x-correlation-id';
