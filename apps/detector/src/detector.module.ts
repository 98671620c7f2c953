import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { MESSAGE_PUBLISHER, type MessagePublisher, OutboxRelay } from '@sentinel/messaging';
import { DetectionRepository } from '@sentinel/persistence';
import { CoreModule } from '@sentinel/platform';
import { defaultRuleSet, systemClock } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { AccountEventsConsumer } from './account-events.consumer';
import { DetectBatchService } from './detect-batch.service';
import type { DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK, RULE_SET } from './detector.tokens';

class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}
  onApplicationBootstrap(): void {
    this.relay.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Module({})
export class DetectorModule {
  static forRoot(config: DetectorConfig): DynamicModule {
    return {
      module: DetectorModule,
      imports: [CoreModule.forRoot(config.core)],
      controllers: [AccountEventsConsumer],
      providers: [
        DetectBatchService,
        DetectorMetrics,
        DetectionRepository,
        { provide: CLOCK, useValue: systemClock },
        { provide: RULE_SET, useFactory: defaultRuleSet },
        {
          provide: OutboxRelay,
          inject: [getDataSourceToken(), MESSAGE_PUBLISHER],
          useFactory: (dataSource: DataSource, publisher: MessagePublisher) =>
            new OutboxRelay(dataSource, publisher, { intervalMs: config.outboxPollMs, batchSize: 500 }),
        },
        RelayLifecycle,
      ],
    };
  }
}
