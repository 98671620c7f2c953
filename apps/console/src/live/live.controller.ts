import { Controller, Headers, type MessageEvent, Req, Sse } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiHeader } from '@nestjs/swagger';
import { type Observable, takeUntil } from 'rxjs';
import type { SessionRequest } from '../auth/auth.decorators';
import { SessionEnds } from '../auth/session-ends';
import { ApiEventStreamOf } from '../openapi';
import { CaseFeedService } from './case-feed.service';
import { liveEvent } from './live.responses';

@Controller('api/live')
export class LiveController {
  constructor(
    private readonly feed: CaseFeedService,
    private readonly sessionEnds: SessionEnds,
  ) {}

  /**
   * Server-sent events: `case` (a case opened or changed: status, holder, borrower answer; its id
   * is a watermark), `notification` (one for the signed-in analyst: a mention, a reassignment, an
   * SLA breach; no id, so it moves no watermark), `resync` (too far behind: reload) and `ping`. A
   * browser's EventSource resumes from its Last-Event-ID after a reconnect; notifications missed
   * meanwhile are read from GET /api/notifications. The stream ends with its session (logout, password
   * change, disabled account).
   */
  @Sse('cases')
  @ApiEventStreamOf(liveEvent)
  @ApiHeader({ name: 'last-event-id', required: false, description: 'the id of the last event received' })
  @ApiOperation({ summary: 'Case changes and my notifications as they happen (server-sent events)' })
  cases(@Req() req: SessionRequest, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.feed.stream(lastEventId, req.analyst!.id).pipe(takeUntil(this.sessionEnds.of(req.sessionToken!, req.analyst!.id)));
  }
}
