import type { z } from 'zod';
import { ACCOUNT_EVENT_TYPES, accountEventSchema, type AccountEvent } from './account-event.schema';
import { err, ok, type Result } from './result';
import { freeTextPiiIssues } from './mask-event';
import { findUnsafeText } from './unsafe-text';
import { issuesOf, type ValidationFailure } from './validation-failure';

/** Validates an already-decoded value; `prefix` places the issues inside a larger body. */
export function validateAccountEvent(value: unknown, prefix = ''): Result<AccountEvent, ValidationFailure> {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !(ACCOUNT_EVENT_TYPES as readonly string[]).includes(type)) {
    return err({
      code: 'UNKNOWN_EVENT_TYPE',
      issues: [
        {
          path: prefix ? `${prefix}.type` : 'type',
          message: `unknown event type "${type.slice(0, 64)}"; expected one of ${ACCOUNT_EVENT_TYPES.join(', ')}`,
        },
      ],
    });
  }
  const unsafe = findUnsafeText(value, prefix);
  if (unsafe) return err({ code: 'INVALID_EVENT', issues: [unsafe] });
  const parsed = accountEventSchema.safeParse(value);
  if (!parsed.success) return err({ code: 'INVALID_EVENT', issues: issuesOf(parsed.error, prefix) });
  // Free text is free for a producer to fill with a card number or a phone: refused wherever it
  // arrives (the gateway or the topic), so it is never stored, shown or sent.
  const pii = freeTextPiiIssues(parsed.data, prefix);
  if (pii.length) return err({ code: 'INVALID_EVENT', issues: pii });
  // One spelling per instant (UTC, milliseconds): account state orders and compares event times as
  // strings, which "10:00:00+08:00" against "02:30:00Z", or "10:00:00Z" against "10:00:00.5Z", get wrong.
  parsed.data.occurredAt = new Date(parsed.data.occurredAt).toISOString();
  return ok(parsed.data);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** No account event needs more; anything larger is a mistake or an attack, and is refused unparsed. */
export const MAX_EVENT_BYTES = 64 * 1024;

/** Decodes a Kafka message value as strict UTF-8 JSON. */
function decodeJson(bytes: Buffer | null, maxBytes = MAX_EVENT_BYTES): Result<unknown, ValidationFailure> {
  if (!bytes || bytes.length === 0) {
    return err({ code: 'MALFORMED_JSON', issues: [{ path: '(root)', message: 'the message has no value' }] });
  }
  if (bytes.length > maxBytes) {
    return err({ code: 'OVERSIZED', issues: [{ path: '(root)', message: `the message is ${bytes.length} bytes; at most ${maxBytes} are accepted` }] });
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return err({ code: 'INVALID_ENCODING', issues: [{ path: '(root)', message: 'the message is not valid UTF-8' }] });
  }
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return err({ code: 'MALFORMED_JSON', issues: [{ path: '(root)', message: (error as Error).message }] });
  }
}

export interface TimeWindow {
  now: Date;
  /** Clock skew tolerated for events stamped in the future. */
  maxFutureMs: number;
  /** Events older than this are history to import, not activity to judge. */
  maxAgeMs: number;
}

/** Refuses events whose `occurredAt` cannot be live activity: far in the future, or long past. */
export function checkEventTime(event: AccountEvent, window: TimeWindow, prefix = ''): Result<AccountEvent, ValidationFailure> {
  const at = Date.parse(event.occurredAt);
  const path = prefix ? `${prefix}.occurredAt` : 'occurredAt';
  if (at > window.now.getTime() + window.maxFutureMs) {
    return err({ code: 'OUT_OF_RANGE_TIME', issues: [{ path, message: `${event.occurredAt} is more than ${Math.round(window.maxFutureMs / 1000)} s in the future` }] });
  }
  if (at < window.now.getTime() - window.maxAgeMs) {
    return err({ code: 'OUT_OF_RANGE_TIME', issues: [{ path, message: `${event.occurredAt} is more than ${Math.round(window.maxAgeMs / 86_400_000)} days old` }] });
  }
  return ok(event);
}

/** Decodes and validates the bytes of one Kafka message, as consumers receive them. */
export function parseAccountEvent(bytes: Buffer | null, window?: TimeWindow): Result<AccountEvent, ValidationFailure> {
  const decoded = decodeJson(bytes);
  if (!decoded.ok) return decoded;
  const event = validateAccountEvent(decoded.value);
  return event.ok && window ? checkEventTime(event.value, window) : event;
}

/** The same for any other topic's schema. */
export function parseMessage<S extends z.ZodType>(bytes: Buffer | null, schema: S): Result<z.infer<S>, ValidationFailure> {
  const decoded = decodeJson(bytes);
  if (!decoded.ok) return decoded;
  const unsafe = findUnsafeText(decoded.value);
  if (unsafe) return err({ code: 'INVALID_EVENT', issues: [unsafe] });
  const parsed = schema.safeParse(decoded.value);
  return parsed.success ? ok(parsed.data) : err({ code: 'INVALID_EVENT', issues: issuesOf(parsed.error) });
}
