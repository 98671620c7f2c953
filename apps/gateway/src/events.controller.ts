import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { unwrap } from '@sentinel/service-kit';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard, RequireScope } from './api-key.guard';
import { IngestEventsService } from './ingest-events.service';
import { ApiIngestEvents } from './ingest.openapi';

@Controller('v1/events')
@UseGuards(ApiKeyGuard)
@RequireScope('events:write')
export class EventsController {
  constructor(private readonly ingest: IngestEventsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiIngestEvents()
  async accept(@Body() body: unknown, @Req() request: FastifyRequest) {
    const ids = unwrap(await this.ingest.ingest(body, request.id));
    return { accepted: ids.length, ids };
  }
}
