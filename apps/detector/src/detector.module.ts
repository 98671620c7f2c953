import { type DynamicModule, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGE_PUBLISHER, type MessagePublisher, OutboxRelay } from '@sentinel/messaging';
import {
  Cases,
  CasesRepository,
  EntityIndex,
  EntityIndexRepository,
  Contacts,
  ContactsRepository,
  DATABASE,
  type Database,
  DeferredEvaluations,
  DeferredEvaluationsRepository,
  Documents,
  DocumentsRepository,
  EventLog,
  EventLogRepository,
  Merchants,
  MerchantsRepository,
  Outbox,
  OutboxRepository,
} from '@sentinel/persistence';
import { CoreModule, gauge, METRICS } from '@sentinel/service-kit';
import { systemClock } from '@sentinel/rules';
import type { Registry } from 'prom-client';
import { AccountEventsConsumer } from './account-events.consumer';
import { AccountStateStore } from './account-state.store';
import { StepUpExpiryScheduler } from './step-up-expiry.scheduler';
import { DeferredEvaluationScheduler } from './deferred-evaluation.scheduler';
import { DetectBatchService } from './detect-batch.service';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { DocumentReminderScheduler } from './document-reminder.scheduler';
import { LiveRuleSet } from './live-rule-set';
import { MerchantRollupScheduler } from './merchant-rollup.scheduler';
import { OutboxRetentionScheduler } from './outbox-retention.scheduler';
import { OutcomeWriter } from './outcome.writer';
import { RingRollupScheduler } from './ring-rollup.scheduler';

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
        { provide: DETECTOR_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        DetectBatchService,
        AccountStateStore,
        DeferredEvaluationScheduler,
        DocumentReminderScheduler,
        MerchantRollupScheduler,
        RingRollupScheduler,
        OutboxRetentionScheduler,
        StepUpExpiryScheduler,
        DetectorMetrics,
        { provide: EventLog, useClass: EventLogRepository },
        { provide: Cases, useClass: CasesRepository },
        { provide: EntityIndex, useClass: EntityIndexRepository },
        { provide: Contacts, useClass: ContactsRepository },
        { provide: Documents, useClass: DocumentsRepository },
        { provide: DeferredEvaluations, useClass: DeferredEvaluationsRepository },
        { provide: Merchants, useClass: MerchantsRepository },
        { provide: Outbox, useClass: OutboxRepository },
        LiveRuleSet,
        OutcomeWriter,
        {
          provide: OutboxRelay,
          inject: [DATABASE, MESSAGE_PUBLISHER, METRICS],
          useFactory: (database: Database, publisher: MessagePublisher, registry: Registry) => {
            const relay = new OutboxRelay(database, publisher, { intervalMs: config.outboxPollMs, batchSize: 500 });
            gauge(registry, 'sentinel_outbox_relay_behind_seconds', 'How long the oldest outbox row of the last relay pass had waited to reach Kafka', () => relay.behindSeconds());
            return relay;
          },
        },
        RelayLifecycle,
      ],
    };
  }
}
