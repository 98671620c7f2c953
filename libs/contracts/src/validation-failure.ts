import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the offending field, such as `payload.card.last4` or `events[2].type`. */
  path: string;
  message: string;
}

export interface ValidationFailure {
  code: 'MALFORMED_JSON' | 'INVALID_EVENT' | 'UNKNOWN_EVENT_TYPE' | 'INVALID_ENCODING' | 'OVERSIZED' | 'OUT_OF_RANGE_TIME';
  issues: FieldIssue[];
}

export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function issuesOf(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path, prefix), message: issue.message }));
}

/** One line, for DLQ headers and log fields. */
function describeFailure(failure: ValidationFailure): string {
  return `${failure.code}: ${failure.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}

/**
 * A message that passed validation but could not be processed: the store refused it, or the code
 * threw on it, every time it was tried alone (UNPROCESSABLE); or the compressed batch that carried
 * it could not be decompressed (UNDECODABLE). It is set aside so the partition can go on.
 */
export interface ProcessingFailure {
  code: 'UNPROCESSABLE' | 'UNDECODABLE';
  reason: string;
}

/**
 * A valid event whose account already has an event with its id and other content: the recorded one
 * stands, and this one is set aside, visibly, rather than dropped as a redelivery.
 */
export interface IdentityConflict {
  code: 'DUPLICATE_ID_CONFLICT';
  reason: string;
}

export type DeadLetterCause = ValidationFailure | ProcessingFailure | IdentityConflict;

/** One line, for the dead-letter reason header. */
export function describeCause(cause: DeadLetterCause): string {
  return 'issues' in cause ? describeFailure(cause) : `${cause.code}: ${cause.reason}`;
}
