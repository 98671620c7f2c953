import { Controller, Headers, type MessageEvent, Sse } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CaseFeedService } from './case-feed.service';

@Controller('api/live')
export class LiveController {
  constructor(private readonly feed: CaseFeedService) {}

  /**
   * Server-sent events: `case` (a case opened or changed: status, holder, borrower answer; its id
   * is a watermark), `resync` (too far behind: reload) and `ping`. A browser's EventSource resumes
   * from its Last-Event-ID after a reconnect.
   */
  @Sse('cases')
  @ApiHeader({ name: 'last-event-id', required: false, description: 'the id of the last event received' })
  cases(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.feed.stream(lastEventId);
  }
}
