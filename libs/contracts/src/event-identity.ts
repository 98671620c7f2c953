import { createHash } from 'node:crypto';
import type { AccountEvent } from './account-event.schema';
import { validateAccountEvent } from './parse-account-event';

/**
 * An event is identified by its account and its id: ids are the producer's, and a producer for one
 * account must not be able to hide another account's event by reusing (or guessing) its id.
 */
export const eventKey = (event: Pick<AccountEvent, 'accountId' | 'id'>): string => `${event.accountId}\u0000${event.id}`;

/** JSON with every object's keys sorted, so that two spellings of one value agree. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash of an event's content as it is recorded: the parsed event (occurredAt in one spelling),
 * in canonical JSON. Not the raw bytes: a producer's retry re-sends the same bytes, but the same
 * event re-serialized (the gateway, another client, a replay from the store) differs in key order,
 * whitespace or time zone, and must still count as the same event. Parsed is also what the store
 * keeps, so a stored event's hash is recomputed from its body, with no column to backfill.
 * The correlation id is left out: it traces a request, and the gateway fills it with the request's
 * id when the producer sends none, so a retry through the gateway differs there and nowhere else.
 */
export function eventContentHash(event: AccountEvent): string {
  return hashOf(event);
}

function hashOf(event: unknown): string {
  const { correlationId: _traced, ...content } = event as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The same hash of a stored body; one from before occurredAt had one spelling is normalized as the contract does now. */
export function storedEventContentHash(body: unknown): string {
  const validated = validateAccountEvent(body);
  return hashOf(validated.ok ? validated.value : body);
}

/** What an event's arrival means, given what is recorded under its key. */
export type IdentityVerdict = { kind: 'new' } | { kind: 'redelivered' } | { kind: 'conflict'; hash: string; recordedHash: string };

/**
 * Decides each event of a batch, in order: new when nothing is recorded under its key (nor earlier
 * in the batch), redelivered when what is recorded (or came earlier in the batch) has the same
 * content hash, and a conflict otherwise. The first content to arrive under a key is the event;
 * a later one can neither replace it nor vanish without a trace.
 */
export function decideIdentities(batch: { key: string; hash: string }[], recorded: ReadonlyMap<string, string>): IdentityVerdict[] {
  const seen = new Map(recorded);
  return batch.map(({ key, hash }) => {
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, hash);
      return { kind: 'new' };
    }
    return earlier === hash ? { kind: 'redelivered' } : { kind: 'conflict', hash, recordedHash: earlier };
  });
}
