import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics } from '@sentinel/contracts';
import { type ConsumerProgress, ensureTopics, KafkaBatchServer, physicalTopic } from '@sentinel/messaging';
import type { NextFunction, Request, Response } from 'express';
import type { Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoRoot } from 'pino';
import { z } from 'zod';
import { ConfigError, loadEnv } from './config';
import type { CoreConfig } from './core.env';
import { createFastifyApp } from './fastify-app';
import { protoKeyRefusal, securityHeaders } from './http-hardening';
import { requestLogging } from './request-logging';
import { CONSUMER_PROGRESS, KAFKA, ROOT_LOGGER } from './tokens';

/** The HTTP servers a service may run under Nest, and the application Nest gives for each. */
interface HttpPlatforms {
  express: NestExpressApplication;
  fastify: NestFastifyApplication;
}

export interface BootOptions<C extends { core: CoreConfig }, P extends keyof HttpPlatforms = 'express'> {
  load: () => C;
  module: (config: C) => DynamicModule;
  /**
   * Express unless said otherwise; Fastify where requests a second count (the gateway): it spends
   * less per request on routing, parsing and answering. Both get the same headers, logging and limits.
   */
  platform?: P;
  /** A Kafka transport to run beside the HTTP server, built once the container exists. */
  transport?: (app: INestApplication, config: C) => CustomTransportStrategy;
  configure?: (app: HttpPlatforms[P], config: C) => void | Promise<void>;
  bodyLimit?: (config: C) => string;
  /** Origins beyond this one that the service's pages may submit forms to (a redirect after a post counts). */
  formActions?: (config: C) => string[];
}

/** Read by the services and by `npm start` (scripts/up.ts), which gives each service this long too. */
export const shutdownEnv = {
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(15_000)
    .describe(
      'how long a stopping service may drain (finish its batch, close connections) before `npm start` kills it, in milliseconds; a service whose supervisor has gone drains this long at most',
    ),
};

/** Loads config, or exits listing every problem with it; EX_CONFIG tells supervisors not to retry. */
export function loadOrExit<C>(load: () => C): C {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/**
 * Starts a service with JSON logs, its topics in place, its Kafka transport and its HTTP server.
 * On SIGTERM/SIGINT Nest stops the consumer (the batch in hand finishes and commits) and the HTTP
 * server before closing Postgres and Kafka connections.
 */
export async function bootstrap<C extends { core: CoreConfig }, P extends keyof HttpPlatforms = 'express'>(options: BootOptions<C, P>): Promise<INestApplication> {
  const config = loadOrExit(options.load);
  const { SHUTDOWN_GRACE_MS } = loadOrExit(() => loadEnv(shutdownEnv));
  const started = endWithSupervisor(SHUTDOWN_GRACE_MS);
  try {
    const app = await start(options, config);
    started(app);
    return app;
  } catch (error) {
    process.stderr.write(`${config.core.service} failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}

/**
 * A service spawned with an IPC channel (scripts/lib/service-process.ts) ends with the process that
 * spawned it. The channel closes however that process ends, SIGKILL included, when no signal could
 * reach us; a service left behind would hold its port and its partitions with nobody to stop it.
 * It drains as on SIGTERM, for at most the grace period. Returns where to hand the started app.
 */
function endWithSupervisor(graceMs: number): (app: INestApplication) => void {
  if (!process.send) return () => undefined;
  let app: INestApplication | undefined;
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), graceMs);
    if (!app) process.exit(1); // still starting: nothing to drain
    app.get(Logger).warn({ msg: 'the supervisor is gone; stopping', graceMs });
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  return (started) => (app = started);
}

async function start<C extends { core: CoreConfig }, P extends keyof HttpPlatforms>(options: BootOptions<C, P>, config: C): Promise<INestApplication> {
  const module = options.module(config);
  const bodyLimit = options.bodyLimit?.(config) ?? '100kb';
  const formActions = options.formActions?.(config) ?? [];
  const app =
    options.platform === 'fastify' ? await createFastifyApp(module, config.core, bodyLimit, formActions) : await createExpressApp(module, config.core, bodyLimit, formActions);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await options.configure?.(app as HttpPlatforms[P], config);
  await ensureTopics(
    app.get<Kafka>(KAFKA),
    Object.values(Topics).map((topic) => physicalTopic(config.core.kafka, topic)),
    config.core.kafka.partitions,
  );
  await app.init();
  if (options.transport) {
    app.connectMicroservice({ strategy: options.transport(app, config) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(config.core.http.port, config.core.http.host);
  app.get(Logger).log({ msg: `${config.core.service} listening`, url: await app.getUrl() });
  return app;
}

/**
 * The service's Nest application on Express: request logging first (so every answer carries the
 * correlation id), then the security headers, JSON bodies up to `bodyLimit`, `__proto__` keys
 * refused; no X-Powered-By, and TRUST_PROXY's proxies believed. fastify-app.ts does the same on Fastify.
 */
async function createExpressApp(module: DynamicModule, core: CoreConfig, bodyLimit: string, formActions: string[]): Promise<NestExpressApplication> {
  // Case-sensitive routes: `/VERIFY/<token>` is not the answer page, nor `/API/cases` the API. The
  // adapter made Express's router already (the setting is read then), and the router reads
  // `caseSensitive` as each route is added, which is all after this.
  const adapter = new ExpressAdapter();
  adapter.set('case sensitive routing', true);
  adapter.getInstance<{ router: { caseSensitive: boolean } }>().router.caseSensitive = true;
  const app = await NestFactory.create<NestExpressApplication>(module, adapter, { bufferLogs: true, bodyParser: false });
  app.use(requestLogging(app.get<PinoRoot>(ROOT_LOGGER)));
  app.disable('x-powered-by');
  app.set('trust proxy', core.http.trustProxy);
  const headers = securityHeaders(formActions);
  app.use((req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of headers.always) res.setHeader(name, value);
    if (req.secure) for (const [name, value] of headers.overTls) res.setHeader(name, value);
    next();
  });
  app.useBodyParser('json', { limit: bodyLimit });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const refusal = protoKeyRefusal(req.body);
    if (refusal) res.status(400).json(refusal);
    else next();
  });
  return app;
}

/** The batch Kafka transport for a consumer group, as `BootOptions.transport`. */
export function kafkaTransport<C extends { core: CoreConfig }>(group: string, topics: string[], concurrency?: (config: C) => number, members?: (config: C) => number) {
  return (app: INestApplication, config: C): CustomTransportStrategy =>
    new KafkaBatchServer({
      kafka: app.get<Kafka>(KAFKA),
      settings: config.core.kafka,
      group,
      topics,
      concurrency: concurrency?.(config),
      members: members?.(config),
      progress: app.get<ConsumerProgress>(CONSUMER_PROGRESS),
    });
}
