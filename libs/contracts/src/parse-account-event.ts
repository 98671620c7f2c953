import type { z } from 'zod';
import { ACCOUNT_EVENT_TYPES, accountEventSchema, type AccountEvent } from './account-event.schema';
import { err, ok, type Result } from './result';
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
  const parsed = accountEventSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err({ code: 'INVALID_EVENT', issues: issuesOf(parsed.error, prefix) });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a Kafka message value as strict UTF-8 JSON. */
export function decodeJson(bytes: Buffer | null): Result<unknown, ValidationFailure> {
  if (!bytes || bytes.length === 0) {
    return err({ code: 'MALFORMED_JSON', issues: [{ path: '(root)', message: 'the message has no value' }] });
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

/** Decodes and validates the bytes of one Kafka message, as consumers receive them. */
export function parseAccountEvent(bytes: Buffer | null): Result<AccountEvent, ValidationFailure> {
  const decoded = decodeJson(bytes);
  return decoded.ok ? validateAccountEvent(decoded.value) : decoded;
}

/** The same for any other topic's schema. */
export function parseMessage<S extends z.ZodType>(bytes: Buffer | null, schema: S): Result<z.infer<S>, ValidationFailure> {
  const decoded = decodeJson(bytes);
  if (!decoded.ok) return decoded;
  const parsed = schema.safeParse(decoded.value);
  return parsed.success ? ok(parsed.data) : err({ code: 'INVALID_EVENT', issues: issuesOf(parsed.error) });
}
