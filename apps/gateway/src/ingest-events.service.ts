import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AccountEvent,
  type ApiResult,
  checkEventTime,
  CORRELATION_HEADER,
  fail,
  type FieldIssue,
  formatPath,
  MAX_EVENT_BYTES,
  isSentinelEventType,
  Topics,
  validateAccountEvent,
} from '@sentinel/contracts';
import { isTooLargeForBroker, type MessagePublisher } from '@sentinel/messaging';
import { counter, METRICS } from '@sentinel/service-kit';
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from './gateway.config';

export const GATEWAY_CONFIG = Symbol('GatewayConfig');
/** The publisher requests share: concurrent requests' events go out in one produce call. */
export const INGEST_PUBLISHER = Symbol('IngestPublisher');

/** The refusals of an ingest request: its shape and size, its events, then the broker. */
export type IngestRefusal = 'EMPTY_BATCH' | 'BATCH_TOO_LARGE' | 'INVALID_EVENT' | 'EVENT_TOO_LARGE' | 'REQUEST_TOO_LARGE' | 'KAFKA_UNAVAILABLE';

/** The first issue in words, with how many more there are; the issues themselves go beside it, at most 50. */
const issuesRefused = (code: 'INVALID_EVENT' | 'EVENT_TOO_LARGE', issues: FieldIssue[]) =>
  fail(code, `${issues[0].path}: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues: issues.slice(0, 50) });

/** Accepts one event, an array, or `{ "events": [...] }`. */
function eventsOf(body: unknown): { items: unknown[]; prefix: (i: number) => string } {
  if (Array.isArray(body)) return { items: body, prefix: (i) => `[${i}]` };
  if (body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)) {
    return { items: (body as { events: unknown[] }).events, prefix: (i) => `events[${i}]` };
  }
  return { items: [body], prefix: () => '' };
}

/**
 * Validates a request's events, fills what the gateway may fill (id, schemaVersion,
 * correlationId), and publishes them keyed by account. All or nothing: one invalid event rejects
 * the request, so a producer never has to work out which half was taken.
 */
@Injectable()
export class IngestEventsService {
  private readonly ingested;
  private readonly log = new Logger(IngestEventsService.name);

  constructor(
    @Inject(INGEST_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(METRICS) registry: Registry,
  ) {
    this.ingested = counter(registry, 'sentinel_gateway_events_total', 'Events received over HTTP, by outcome', ['outcome']);
  }

  async ingest(body: unknown, correlationId: string): Promise<ApiResult<string[], IngestRefusal>> {
    const { items, prefix } = eventsOf(body);
    if (items.length === 0) return fail('EMPTY_BATCH', 'the request holds no events');
    if (items.length > this.config.maxBatch) return fail('BATCH_TOO_LARGE', `at most ${this.config.maxBatch} events per request; split the batch`);
    const events: AccountEvent[] = [];
    const issues: FieldIssue[] = [];
    const window = { now: new Date(), ...this.config.core.eventTime };
    items.forEach((item, index) => {
      const filled = item && typeof item === 'object' && !Array.isArray(item) ? { id: randomUUID(), schemaVersion: 1, correlationId, ...item } : item;
      const valid = validateAccountEvent(filled, prefix(index));
      const result = valid.ok ? checkEventTime(valid.value, window, prefix(index)) : valid;
      // The borrower's answer teaches the trust model: whoever could send it could wash a takeover mark.
      if (result.ok && isSentinelEventType(result.value.type))
        issues.push({
          path: formatPath(['type'], prefix(index)),
          message: `${result.value.type} is published by Sentinel itself when a borrower answers; the platform may not send it`,
        });
      else if (result.ok) events.push(result.value);
      else issues.push(...result.error.issues);
    });
    if (issues.length) {
      this.ingested.inc({ outcome: 'rejected' }, items.length);
      return issuesRefused('INVALID_EVENT', issues);
    }
    // The detector refuses an event over the limit as it is on the topic: refuse it here, by name.
    // Reachable: the contract bounds every free-text field but not an email address's length.
    // Serialised once: the same bytes are measured here, by the coalescing publisher, and sent.
    const encoded = events.map((event) => Buffer.from(JSON.stringify(event)));
    const oversized = encoded.flatMap(({ length: bytes }, index) =>
      bytes > MAX_EVENT_BYTES ? [{ path: prefix(index) || '(root)', message: `the event is ${bytes} bytes as sent to the topic; at most ${MAX_EVENT_BYTES} are accepted` }] : [],
    );
    if (oversized.length) {
      this.ingested.inc({ outcome: 'rejected' }, items.length);
      return issuesRefused('EVENT_TOO_LARGE', oversized);
    }
    try {
      await this.publisher.publish(
        Topics.accountEvents,
        events.map((event, index) => ({
          key: event.accountId,
          value: event,
          encoded: encoded[index],
          headers: { [CORRELATION_HEADER]: event.correlationId ?? correlationId },
        })),
      );
    } catch (error) {
      if (isTooLargeForBroker(error)) {
        // Alone in its produce (the publisher retries a refused shared produce caller by caller): this request itself is too large.
        this.ingested.inc({ outcome: 'rejected' }, events.length);
        return fail('REQUEST_TOO_LARGE', 'the broker refused these events together for their size; send them in smaller requests');
      }
      this.log.error({ msg: 'could not publish events', error: (error as Error).message, correlationId });
      this.ingested.inc({ outcome: 'unavailable' }, events.length);
      return fail('KAFKA_UNAVAILABLE', 'events could not be stored; retry the same request (events with ids are deduplicated)');
    }
    this.ingested.inc({ outcome: 'accepted' }, events.length);
    return { ok: true, value: events.map((event) => event.id) };
  }
}
