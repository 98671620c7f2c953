import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumerProgress, createKafka, KafkaHealthIndicator, KafkaPublisherDriver, MESSAGE_PUBLISHER } from '@sentinel/messaging';
import { dataSourceOptions, PersistenceModule } from '@sentinel/persistence';
import type { CoreConfig } from './core.env';
import { HealthController } from './health.controller';
import { Gauge, type Registry } from 'prom-client';
import { counter, createRegistry, gauge, METRICS, MetricsController } from './metrics';
import { ReadinessChecks } from './readiness.checks';
import { createRootLogger, RequestLoggingModule } from './request-logging';
import { CONSUMER_PROGRESS, CORE_CONFIG, KAFKA, ROOT_LOGGER } from './tokens';

/** Stalled partitions and failed batches, for readiness and for /metrics. */
function consumerProgress(registry: Registry, config: CoreConfig): ConsumerProgress {
  const failures = counter(registry, 'sentinel_consumer_batch_failures_total', 'Batches a consumer handler failed (kafkajs delivers them again)', ['topic']);
  const progress = new ConsumerProgress(config.consumerStallMs, (topic) => failures.inc({ topic }));
  gauge(registry, 'sentinel_consumer_stalled_partitions', 'Partitions stuck on one offset for longer than CONSUMER_STALL_MS', () => progress.stalled().length);
  new Gauge({
    name: 'sentinel_consumer_lag_seconds',
    help: 'Per topic, how far behind the record time the last batch of its most-behind partition finished (0 when caught up)',
    labelNames: ['topic'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [topic, seconds] of progress.lagSeconds()) this.set({ topic }, seconds);
    },
  });
  return progress;
}

class PublisherShutdown implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_PUBLISHER) private readonly publisher: KafkaPublisherDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}

/** What every service shares: config, JSON logs, Postgres (through the persistence ports), Kafka, health and metrics. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: CoreConfig): DynamicModule {
    const root = createRootLogger(config.service, config.logLevel);
    return {
      module: CoreModule,
      imports: [
        // requestLogging (installed first by bootstrap) gives each request its id and scoped logger.
        RequestLoggingModule.forRoot(root),
        TypeOrmModule.forRoot(dataSourceOptions(config.database.url, config.database.poolSize)),
        // The ports through which the app reads and writes Postgres.
        PersistenceModule,
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CORE_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: root },
        { provide: KAFKA, useFactory: () => createKafka(config.kafka) },
        { provide: METRICS, useFactory: () => createRegistry(config.service) },
        { provide: CONSUMER_PROGRESS, inject: [METRICS], useFactory: (registry: Registry) => consumerProgress(registry, config) },
        {
          provide: MESSAGE_PUBLISHER,
          inject: [KAFKA],
          useFactory: (kafka: ReturnType<typeof createKafka>) => new KafkaPublisherDriver(kafka, config.kafka),
        },
        PublisherShutdown,
        KafkaHealthIndicator,
        ReadinessChecks,
      ],
      exports: [CORE_CONFIG, ROOT_LOGGER, KAFKA, METRICS, MESSAGE_PUBLISHER, CONSUMER_PROGRESS],
    };
  }
}
