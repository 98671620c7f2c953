import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, loggableError, REDACTED_LOG_PATHS } from '@sentinel/contracts';
import { ConsumerProgress, createKafka, KafkaHealthIndicator, KafkaPublisherDriver, MESSAGE_PUBLISHER } from '@sentinel/messaging';
import { dataSourceOptions } from '@sentinel/persistence';
import { LoggerModule } from 'nestjs-pino';
import type { CoreConfig } from './core.env';
import { HealthController } from './health.controller';
import type { Registry } from 'prom-client';
import { counter, createRegistry, gauge, METRICS, MetricsController } from './metrics';
import { CONSUMER_PROGRESS, CORE_CONFIG, KAFKA } from './tokens';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Answer links carry their secret in the path; the secret must never reach a log line.
const SECRET_PATHS = /\/verify\/[^/?#]+/g;

/** pino-http's serialized request, with secrets in the URL and route parameters scrubbed. */
function scrubRequest(req: { url?: string; params?: Record<string, unknown> }) {
  const url = req.url?.replace(SECRET_PATHS, '/verify/[token]');
  // Route parameters repeat the path, under whatever name a route (or a catch-all) gives them.
  if (url !== req.url && req.params) req.params = { redacted: 'the path holds a secret' };
  if (req.params && 'token' in req.params) req.params = { ...req.params, token: '[token]' };
  req.url = url;
  return req;
}

function correlationIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}

/** Stalled partitions and failed batches, for readiness and for /metrics. */
function consumerProgress(registry: Registry, config: CoreConfig): ConsumerProgress {
  const failures = counter(registry, 'sentinel_consumer_batch_failures_total', 'Batches a consumer handler failed (kafkajs delivers them again)', ['topic']);
  const progress = new ConsumerProgress(config.consumerStallMs, (topic) => failures.inc({ topic }));
  gauge(registry, 'sentinel_consumer_stalled_partitions', 'Partitions stuck on one offset for longer than CONSUMER_STALL_MS', () => progress.stalled().length);
  return progress;
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
            // An error object says what failed and where, never the query parameters or values it carries.
            serializers: { req: scrubRequest, err: loggableError, error: loggableError },
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
        { provide: CONSUMER_PROGRESS, inject: [METRICS], useFactory: (registry: Registry) => consumerProgress(registry, config) },
        {
          provide: MESSAGE_PUBLISHER,
          inject: [KAFKA],
          useFactory: (kafka: ReturnType<typeof createKafka>) => new KafkaPublisherDriver(kafka, config.kafka),
        },
        PublisherShutdown,
        KafkaHealthIndicator,
      ],
      exports: [CORE_CONFIG, KAFKA, METRICS, MESSAGE_PUBLISHER, CONSUMER_PROGRESS],
    };
  }
}
