import { ApiOperation } from '@nestjs/swagger';
import { Controller, Headers, type MessageEvent, Sse } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { ApiEventStreamOf } from '../openapi';
import { CaseFeedService } from './case-feed.service';
import { caseChange } from './live.responses';

@Controller('api/live')
export class LiveController {
  constructor(private readonly feed: CaseFeedService) {}

  /**
   * Server-sent events: `case` (a case opened or changed: status, holder, borrower answer; its id
   * is a watermark), `resync` (too far behind: reload) and `ping`. A browser's EventSource resumes
   * from its Last-Event-ID after a reconnect.
   */
  @Sse('cases')
  @ApiEventStreamOf(caseChange)
  @ApiHeader({ name: 'last-event-id', required: false, description: 'the id of the last event received' })
  @ApiOperation({ summary: 'Case changes as they happen (server-sent events)' })
  cases(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.feed.stream(lastEventId);
  }
}
