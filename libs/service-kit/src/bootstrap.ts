import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { Topics } from '@sentinel/contracts';
import { type ConsumerProgress, ensureTopics, KafkaBatchServer, physicalTopic } from '@sentinel/messaging';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoRoot } from 'pino';
import { z } from 'zod';
import { ConfigError, loadEnv } from './config';
import type { CoreConfig } from './core.env';
import { requestLogging } from './request-logging';
import { CONSUMER_PROGRESS, KAFKA, ROOT_LOGGER } from './tokens';

export interface BootOptions<C extends { core: CoreConfig }> {
  load: () => C;
  module: (config: C) => DynamicModule;
  /** A Kafka transport to run beside the HTTP server, built once the container exists. */
  transport?: (app: INestApplication, config: C) => CustomTransportStrategy;
  configure?: (app: NestExpressApplication, config: C) => void | Promise<void>;
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
export async function bootstrap<C extends { core: CoreConfig }>(options: BootOptions<C>): Promise<INestApplication> {
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

async function start<C extends { core: CoreConfig }>(options: BootOptions<C>, config: C): Promise<INestApplication> {
  // Case-sensitive routes: `/VERIFY/<token>` is not the answer page, nor `/API/cases` the API. The
  // adapter made Express's router already (the setting is read then), and the router reads
  // `caseSensitive` as each route is added, which is all after this.
  const adapter = new ExpressAdapter();
  adapter.set('case sensitive routing', true);
  adapter.getInstance<{ router: { caseSensitive: boolean } }>().router.caseSensitive = true;
  const app = await NestFactory.create<NestExpressApplication>(options.module(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(requestLogging(app.get<PinoRoot>(ROOT_LOGGER)));
  secureHeaders(app, config.core, options.formActions?.(config) ?? []);
  app.useBodyParser('json', { limit: options.bodyLimit?.(config) ?? '100kb' });
  app.use(refuseProtoKeys);
  app.enableShutdownHooks();
  await options.configure?.(app, config);
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
 * A `__proto__` key in a JSON body becomes the prototype of whatever object a validator builds
 * from it, where no check of the object's own keys sees it: refused right after parsing, a 400.
 * An iterative walk, not a JSON.parse reviver: the reviver recurses, and a body nested a few
 * thousand deep (which the contract then refuses with a reason) overflowed the stack.
 */
function refuseProtoKeys(req: Request, res: Response, next: NextFunction): void {
  const stack: unknown[] = [req.body];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) {
      res.status(400).json({ statusCode: 400, error: 'INVALID_BODY', message: '"__proto__" is not allowed as a key' });
      return;
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  next();
}

/**
 * Headers for every response: a strict CSP (no framing, scripts and styles from this origin only),
 * nosniff, no referrer beyond the origin, no X-Powered-By, and `Cache-Control: no-store` unless a
 * static file sets its own: API answers carry PII. HSTS only on requests that came over TLS, which
 * behind a proxy needs TRUST_PROXY to be believed.
 */
function secureHeaders(app: NestExpressApplication, core: CoreConfig, formActions: string[]): void {
  app.disable('x-powered-by');
  app.set('trust proxy', core.http.trustProxy);
  const always = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'", ...formActions],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  always.push(['Cache-Control', 'no-store']);
  const overTls = headersSetBy(helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of always) res.setHeader(name, value);
    if (req.secure) for (const [name, value] of overTls) res.setHeader(name, value);
    next();
  });
}

/**
 * The headers a helmet middleware sets, which depend on nothing in the request: worked out once
 * at startup and set in one pass per request, instead of running a dozen middlewares each time.
 */
function headersSetBy(middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  let called = false;
  middleware({} as Request, recorder as unknown as Response, (error) => {
    if (error) throw error instanceof Error ? error : new Error('a helmet middleware failed');
    called = true;
  });
  if (!called) throw new Error('a helmet middleware did not finish synchronously');
  return [...headers];
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
