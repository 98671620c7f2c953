import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@sentinel/platform';
import { API_KEYS, ApiKeyGuard } from './api-key.guard';
import { AnswersController } from './answers/answers.controller';
import { EventsController } from './events.controller';
import type { GatewayConfig } from './gateway.config';
import { GATEWAY_CONFIG, IngestEventsService } from './ingest-events.service';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [CoreModule.forRoot(config.core)],
      controllers: [EventsController, AnswersController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
        ApiKeyGuard,
        IngestEventsService,
      ],
    };
  }
}
