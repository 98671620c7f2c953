import { type BeforeApplicationShutdown, Injectable, Logger, type MessageEvent } from '@nestjs/common';
import { type AnalystNotificationRow, AnalystNotifications, CaseChanges } from '@sentinel/persistence';
import { defer, filter, from, interval, map, merge, mergeMap, Observable, Subject, takeUntil, timer } from 'rxjs';
import { notificationView } from '../sla/sla.service';

/** How often one console instance reads what changed; one query per instance, however many pages are open. */
const FEED_POLL_MS = 1000;
/**
 * How far back each read looks behind the newest change seen. `updated_at` is set when a
 * transaction starts, so a write may commit that much later than a newer one already seen; rows
 * are re-read over this window and only the ones not sent yet go out.
 */
const FEED_MARGIN_MS = 30_000;
const PAGE = 500;
/** A reconnect further behind than this reloads its page rather than replaying every change. */
const CATCH_UP_LIMIT = 1000;
/** Streams end after this long and the browser reconnects, so the session guard checks the session again. */
const STREAM_LIFETIME_MS = 5 * 60_000;
const PING_MS = 20_000;

export interface CaseChange {
  id: string;
  referenceCode: string;
  accountId: string;
  status: string;
  resolution: string | null;
  decision: string;
  priority: string;
  score: number;
  borrowerAnswer: string | null;
  assignee: { id: string; displayName: string } | null;
  openedAt: string;
  updatedAt: string;
  slaEscalatedAt: string | null;
  /** `updated_at` in microseconds since the epoch: the event id, and the watermark a reconnect resumes from. */
  mark: string;
}

/**
 * Case changes (new cases, claims, answers, resolutions), pushed to open console pages as
 * server-sent events. Every instance reads `fraud_case` by an `updated_at` watermark, so it sees
 * the writes of the detector, of every console instance and of the verify page alike, and a
 * browser that reconnects (to this instance or another) resumes from its Last-Event-ID.
 */
@Injectable()
export class CaseFeedService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(CaseFeedService.name);
  private readonly changes = new Subject<CaseChange>();
  private readonly closing = new Subject<void>();
  private listeners = 0;
  private poller?: NodeJS.Timeout;
  private polling = false;
  private highWater?: bigint;
  private readonly sent = new Map<string, string>();
  private readonly notified = new Subject<AnalystNotificationRow>();
  /** Notifications are read from above this id, over the last FEED_MARGIN_MS; those sent are remembered that long. */
  private notificationFloor?: string;
  private readonly notificationsSent = new Set<string>();

  constructor(
    private readonly cases: CaseChanges,
    private readonly notifications: AnalystNotifications,
  ) {}

  /**
   * One page's stream: what changed since `lastEventId` (if the browser had one), then every change
   * as it happens, and the notifications for `analystId` as they are written.
   */
  stream(lastEventId: string | undefined, analystId: string): Observable<MessageEvent> {
    const live = new Observable<CaseChange>((subscriber) => {
      const subscription = this.changes.subscribe(subscriber);
      this.listen(+1);
      return () => {
        subscription.unsubscribe();
        this.listen(-1);
      };
    });
    const resume = /^\d{1,18}$/.test(lastEventId ?? '') ? BigInt(lastEventId!) : undefined;
    const catchUp = defer(() => (resume === undefined ? from([]) : from(this.catchUp(resume)).pipe(mergeMap((events) => from(events)))));
    return merge(
      // Live first, then the catch-up: a change in between arrives twice rather than not at all; pages apply changes idempotently.
      live.pipe(map((change): MessageEvent => ({ type: 'case', id: change.mark, data: change }))),
      // No id: a notification must not move the case watermark a reconnect resumes from.
      this.notified.pipe(
        filter((n) => n.analyst_id === analystId),
        map((n): MessageEvent => ({ type: 'notification', data: notificationView(n) })),
      ),
      catchUp,
      interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    ).pipe(takeUntil(merge(this.closing, timer(STREAM_LIFETIME_MS))));
  }

  /** Ends every stream before the HTTP server closes, which would otherwise wait on them until the service is killed. */
  beforeApplicationShutdown(): void {
    clearInterval(this.poller);
    this.closing.next();
  }

  private listen(delta: number): void {
    this.listeners += delta;
    if (this.listeners > 0 && !this.poller) {
      this.poller = setInterval(() => void this.poll(), FEED_POLL_MS);
      // Now, not a tick later: what is written from the moment the first page connects is sent to it.
      void this.poll();
    } else if (this.listeners === 0 && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
      this.highWater = undefined;
      this.sent.clear();
      this.notificationFloor = undefined;
      this.notificationsSent.clear();
    }
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.highWater === undefined) {
        this.highWater = await this.cases.now();
        this.notificationFloor = await this.notifications.newestId();
        return;
      }
      await this.pushNotifications(this.notificationFloor!);
      const since = this.highWater - BigInt(FEED_MARGIN_MS * 1000);
      for await (const change of this.read(since, Number.MAX_SAFE_INTEGER)) {
        if (this.sent.get(change.id) === change.mark) continue;
        this.sent.set(change.id, change.mark);
        if (BigInt(change.mark) > this.highWater) this.highWater = BigInt(change.mark);
        this.changes.next(change);
      }
      for (const [id, mark] of this.sent) if (BigInt(mark) < since) this.sent.delete(id);
    } catch (error) {
      // The next tick tries again from the same watermark: nothing is lost, only late.
      this.logger.warn({ err: error }, 'reading case changes failed');
    } finally {
      this.polling = false;
    }
  }

  private async pushNotifications(floor: string): Promise<void> {
    const rows = await this.notifications.recent(floor, FEED_MARGIN_MS);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      if (this.notificationsSent.has(row.id)) continue;
      this.notificationsSent.add(row.id);
      this.notified.next(row);
    }
    // Out of the window, a notification is not read again: it need not be remembered.
    for (const id of this.notificationsSent) if (!seen.has(id)) this.notificationsSent.delete(id);
  }

  private async catchUp(resume: bigint): Promise<MessageEvent[]> {
    const events: MessageEvent[] = [];
    for await (const change of this.read(resume - BigInt(FEED_MARGIN_MS * 1000), CATCH_UP_LIMIT + 1)) {
      events.push({ type: 'case', id: change.mark, data: change });
    }
    if (events.length > CATCH_UP_LIMIT) return [{ type: 'resync', data: {} }];
    return events;
  }

  /** Changes after `since` (µs), oldest first, a page at a time. */
  private async *read(since: bigint, limit: number): AsyncGenerator<CaseChange> {
    let after = { mark: since.toString(), id: '00000000-0000-0000-0000-000000000000' };
    let count = 0;
    while (count < limit) {
      const rows = await this.cases.after(after, PAGE);
      for (const { assigneeId, assigneeName, openedAt, updatedAt, slaEscalatedAt, ...row } of rows) {
        count++;
        yield {
          ...row,
          assignee: assigneeId ? { id: assigneeId, displayName: assigneeName ?? '' } : null,
          openedAt: openedAt.toISOString(),
          updatedAt: updatedAt.toISOString(),
          slaEscalatedAt: slaEscalatedAt?.toISOString() ?? null,
        };
      }
      if (rows.length < PAGE) return;
      after = { mark: rows.at(-1)!.mark, id: rows.at(-1)!.id };
    }
  }
}
