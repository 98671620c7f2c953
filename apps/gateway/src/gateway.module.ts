import { type DynamicModule, Module } from '@nestjs/common';
import { CoalescingPublisher, MESSAGE_PUBLISHER, type MessagePublisher } from '@sentinel/messaging';
import { CoreModule } from '@sentinel/service-kit';
import { API_KEYS, ApiKeyGuard } from './api-key.guard';
import { AnswersController } from './answers/answers.controller';
import { ContractController } from './contract/contract.controller';
import { EventsController } from './events.controller';
import type { GatewayConfig } from './gateway.config';
import { GATEWAY_CONFIG, INGEST_PUBLISHER, IngestEventsService } from './ingest-events.service';

/** Events in one produce call at most: INGEST_MAX_BATCH's ceiling, so one large request still goes alone. */
const MAX_MESSAGES_PER_PRODUCE = 10_000;

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [CoreModule.forRoot(config.core)],
      controllers: [EventsController, AnswersController, ContractController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
        {
          provide: INGEST_PUBLISHER,
          inject: [MESSAGE_PUBLISHER],
          useFactory: (publisher: MessagePublisher) => new CoalescingPublisher(publisher, { lingerMs: config.lingerMs, maxMessages: MAX_MESSAGES_PER_PRODUCE }),
        },
        ApiKeyGuard,
        IngestEventsService,
      ],
    };
  }
}
