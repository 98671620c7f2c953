import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, REDACTED_LOG_PATHS } from '@sentinel/contracts';
import { createKafka, KafkaHealthIndicator, KafkaPublisherDriver, MESSAGE_PUBLISHER } from '@sentinel/messaging';
import { dataSourceOptions } from '@sentinel/persistence';
import { LoggerModule } from 'nestjs-pino';
import type { CoreConfig } from './core.env';
import { HealthController } from './health.controller';
import { createRegistry, METRICS, MetricsController } from './metrics';
import { CORE_CONFIG, KAFKA } from './tokens';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function correlationIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}

class PublisherShutdown implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_PUBLISHER) private readonly publisher: KafkaPublisherDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}

/** What every service shares: config, JSON logs, Postgres, Kafka, health and metrics. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: CoreConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            base: { service: config.service },
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            genReqId: correlationIdOf,
            customProps: (req) => ({ correlationId: req.id }),
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            quietReqLogger: true,
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions(config.database.url, config.database.poolSize)),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CORE_CONFIG, useValue: config },
        { provide: KAFKA, useFactory: () => createKafka(config.kafka) },
        { provide: METRICS, useFactory: () => createRegistry(config.service) },
        {
          provide: MESSAGE_PUBLISHER,
          inject: [KAFKA],
          useFactory: (kafka: ReturnType<typeof createKafka>) => new KafkaPublisherDriver(kafka, config.kafka),
        },
        PublisherShutdown,
        KafkaHealthIndicator,
      ],
      exports: [CORE_CONFIG, KAFKA, METRICS, MESSAGE_PUBLISHER],
    };
  }
}
