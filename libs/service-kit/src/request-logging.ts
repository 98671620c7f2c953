import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, loggableError, REDACTED_LOG_PATHS } from '@sentinel/contracts';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Logger as NestPinoLogger, PARAMS_PROVIDER_TOKEN, type Params, PinoLogger } from 'nestjs-pino';
// nestjs-pino's request scope, which its own middleware would enter through Nest's middleware router.
import { storage, Store } from 'nestjs-pino/storage';
import pino, { type Logger } from 'pino';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Answer links carry their secret in the path; the secret must never reach a log line, whatever
 * the case or percent-encoding of the path (`/VERIFY/…`, `/%76erify/…`) a client sent.
 */
function scrubSecretPaths(url: string): string {
  const at = url.search(/[?#]/);
  const [path, rest] = at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    let segment = segments[i];
    try {
      segment = decodeURIComponent(segment);
    } catch {
      // A malformed escape is compared as sent.
    }
    if (segment.toLowerCase() === 'verify' && segments[i + 1] !== '') segments[i + 1] = '[token]';
  }
  return segments.join('/') + rest;
}

// A key of this process's own: an IP in its log lines reads the same line after line, so one
// client's requests can be followed, but its host part cannot be recovered from the log.
const LOG_IP_KEY = randomBytes(32);
const IP_LITERAL = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])/g;

/** An IP as a log line shows it: `203.0.113.*~3f9a`, without its host part, with a short keyed hash. */
function maskLoggedIp(ip: string): string {
  const v4 = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  const prefix = isIPv4(v4) ? `${v4.split('.').slice(0, 3).join('.')}.` : `${v4.toLowerCase().split(':').slice(0, 3).join(':')}:`;
  return `${prefix}*~${createHmac('sha256', LOG_IP_KEY).update(v4.toLowerCase()).digest('hex').slice(0, 4)}`;
}

const maskIpsIn = (text: string) => text.replace(IP_LITERAL, (found) => (isIPv4(found) || isIPv6(found) ? maskLoggedIp(found) : found));

const UNLOGGED_PATHS = /^\/(health|metrics)/;

/** The serialized request, with secrets in the URL and route parameters scrubbed. */
function scrubRequest<R extends { url?: string; params?: Record<string, unknown>; remoteAddress?: string }>(req: R): R {
  const url = req.url === undefined ? undefined : maskIpsIn(scrubSecretPaths(req.url));
  if (typeof req.remoteAddress === 'string' && req.remoteAddress) req.remoteAddress = maskLoggedIp(req.remoteAddress);
  // Route parameters repeat the path, under whatever name a route (or a catch-all) gives them.
  if (url !== req.url && req.params) req.params = { redacted: 'the path holds a secret' };
  if (req.params && 'token' in req.params) req.params = { ...req.params, token: '[token]' };
  req.url = url;
  return req;
}

/** The request's `x-correlation-id` when well formed, else a new one. */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

/** The service's root logger: JSON lines, secrets redacted, errors summarised without the values they carry. */
export function createRootLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    // An error object says what failed and where, never the query parameters or values it carries.
    serializers: {
      req: pino.stdSerializers.wrapRequestSerializer(scrubRequest),
      res: pino.stdSerializers.res,
      err: loggableError,
      error: loggableError,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The request-scoped logger handed to nestjs-pino, made on the first line a request logs, not for every request. */
function lazyChild(root: Logger, bindings: () => pino.Bindings): Logger {
  let child: Logger | undefined;
  const made = () => (child ??= root.child(bindings()));
  return new Proxy({} as Logger, {
    get(_, property) {
      const logger = made();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
    set(_, property, value) {
      return Reflect.set(made(), property, value);
    },
  });
}

/** A request as requestLogging leaves it: its correlation id (which Fastify's request id may have set first) and its scoped logger. */
export type LoggedRequest = IncomingMessage & { id?: string; log?: Logger };

/**
 * nestjs-pino's Logger and PinoLogger over the root logger, without LoggerModule's per-request
 * middleware (pino-http and the scope it enters): requestLogging does both for less.
 */
@Global()
@Module({})
export class RequestLoggingModule {
  static forRoot(root: Logger): DynamicModule {
    const params: Params = { pinoHttp: { logger: root } };
    return {
      module: RequestLoggingModule,
      providers: [{ provide: PARAMS_PROVIDER_TOKEN, useValue: params }, PinoLogger, NestPinoLogger],
      exports: [PARAMS_PROVIDER_TOKEN, PinoLogger, NestPinoLogger],
    };
  }
}

/**
 * Gives every request its correlation id (from `x-correlation-id` when well formed, echoed back)
 * and a request-scoped logger that the service's log lines go through, and writes one access line
 * per finished request at info. What pino-http did, without its three child loggers (and a
 * serialized request) on every request: the scoped logger is made only if the request logs, and
 * the access line only when info is on.
 */
export function requestLogging(root: Logger) {
  return (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    const id = (req.id ??= correlationIdOf(req));
    res.setHeader(CORRELATION_HEADER, id);
    const log = (req.log ??= lazyChild(root, () => ({ reqId: id })));
    if (!root.isLevelEnabled('info') || UNLOGGED_PATHS.test(req.url ?? '')) return storage.run(new Store(log), next);
    const started = Date.now();
    let done = false;
    const finished = (error?: unknown) => {
      if (done) return;
      done = true;
      const responseTime = Date.now() - started;
      const err = error ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
      const line = { reqId: id, req, correlationId: id, res, responseTime, ...(err ? { err } : {}) };
      root.info(line, err ? 'request errored' : 'request completed');
    };
    res.once('finish', () => finished());
    res.once('close', () => finished());
    res.once('error', (error) => finished(error));
    storage.run(new Store(log), next);
  };
}
