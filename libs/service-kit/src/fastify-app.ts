import { BadRequestException, type DynamicModule, HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { storage, Store } from 'nestjs-pino/storage';
import type { Logger as PinoRoot } from 'pino';
import type { CoreConfig } from './core.env';
import { protoKeyRefusal, securityHeaders } from './http-hardening';
import { correlationIdOf, type LoggedRequest, requestLogging } from './request-logging';
import { ROOT_LOGGER } from './tokens';

const UNITS = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;

/** A body limit as the services configure it (`512kb`, `1mb`), in bytes, as Express's parser reads it. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/.exec(limit);
  if (!match) throw new Error(`a body limit such as 512kb or 1mb, not ${limit}`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** The charset a JSON body declares, upper-cased, when it is not UTF-8: its bytes would be misread as UTF-8. */
function foreignCharset(contentType: string): string | undefined {
  const charset = CHARSET.exec(contentType)?.[1].toUpperCase();
  return charset === undefined || charset === 'UTF-8' ? undefined : charset;
}

// JSON's whitespace is space, tab, line feed and carriage return.
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

/**
 * A JSON body read as Express's JSON parser (body-parser, strict) read it, so that a client sees
 * the same answers on either server: an empty body is `{}`, a body that is not an object or an
 * array is refused, and a refusal says what JSON.parse said (400 Bad Request).
 */
export function parseJsonBody(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return {};
  const first = FIRST_CHAR.exec(body)?.[1];
  try {
    if (first !== '{' && first !== '[') throw strictViolation(body, first);
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new BadRequestException((error as Error).message);
  }
}

/** JSON.parse's own words for the first character a strict parser refuses, as body-parser gives them. */
function strictViolation(body: string, char: string | undefined): SyntaxError {
  const index = char === undefined ? -1 : body.indexOf(char);
  const partial = index === -1 ? '' : body.slice(0, index) + '#'.repeat(body.length - index);
  try {
    JSON.parse(partial);
    return new SyntaxError('strict violation');
  } catch (error) {
    return new SyntaxError((error as Error).message.replace(/#+/g, (hashes) => body.slice(index, index + hashes.length)));
  }
}

/**
 * A body sent gzip- or deflate-compressed, inflated as Express's parser inflated it; the body limit
 * counts inflated bytes, so a small compressed body cannot become a large one. What other
 * encodings get instead: the refusal's message.
 */
function inflatedBody(encoding: string | string[] | undefined, payload: Readable): Readable | string {
  const name = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? 'identity')).toLowerCase();
  if (name === 'identity') return payload;
  if (name !== 'gzip' && name !== 'deflate') return `unsupported content encoding "${name}"`;
  const inflate = name === 'gzip' ? createGunzip() : createInflate();
  // Fastify compares the bytes received with Content-Length: the compressed ones.
  const counted = inflate as unknown as { receivedEncodedLength: number };
  counted.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (counted.receivedEncodedLength += chunk.length));
  payload.on('error', (error) => inflate.destroy(error));
  return payload.pipe(inflate);
}

/**
 * Nest's adapter, answering as Nest's Express adapter answers: Fastify's refusal of a body over
 * the limit as Express's parser answered it (`413 {"statusCode":413,"message":"request entity too large"}`), which the
 * services' OpenAPI documents describe.
 */
class ServiceFastifyAdapter extends FastifyAdapter {
  /** As Nest's Express adapter: an error's body is JSON, whatever type the route declared (a schema's on /contract/schemas/:file). */
  override reply(response: unknown, body: unknown, statusCode?: number) {
    const reply = response as Partial<FastifyReply>;
    if (statusCode !== undefined && statusCode >= 400 && typeof body === 'object' && body !== null && reply.getHeader && reply.header) {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && !type.startsWith('application/json')) reply.header('content-type', 'application/json; charset=utf-8');
    }
    return super.reply(response as FastifyReply, body, statusCode);
  }

  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    return super.setErrorHandler(function (this: FastifyInstance, error: unknown, request: FastifyRequest, reply: FastifyReply) {
      const tooLarge = (error as { code?: unknown } | null)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      return handler.call(this, tooLarge ? new HttpException('request entity too large', 413) : error, request, reply) as unknown;
    });
  }
}

/**
 * The service's Nest application on Fastify, with what bootstrap gives an Express one: the
 * correlation id and request logging, the security headers, JSON bodies up to `bodyLimit` read as
 * Express read them (other media types leave the body undefined, as there), `__proto__` keys
 * refused, the proxy trust of TRUST_PROXY, and routes matched case-sensitively, with or without a
 * trailing slash.
 */
export async function createFastifyApp(module: DynamicModule, core: CoreConfig, bodyLimit: string, formActions: string[]): Promise<NestFastifyApplication> {
  const adapter = new ServiceFastifyAdapter({
    bodyLimit: bodyLimitBytes(bodyLimit),
    trustProxy: core.http.trustProxy,
    // The request's id is its correlation id, which requestLogging then finds on the raw request.
    genReqId: (raw: IncomingMessage) => ((raw as LoggedRequest).id ??= correlationIdOf(raw)),
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true },
    // Node's default, which the Express services keep: a client that never finishes a request is cut off.
    requestTimeout: 300_000,
    // As on Express, a request on an open connection while the service stops is still answered
    // (Kafka stays up until the HTTP server has closed), not refused with an undocumented 503.
    return503OnClosing: false,
    // No Nest middleware on these services: Fastify's hooks below do what Express's middleware does.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true, bodyParser: false });
  const fastify = adapter.getInstance();
  const logRequest = requestLogging(app.get<PinoRoot>(ROOT_LOGGER));
  const headers = securityHeaders(formActions);
  fastify.addHook('onRequest', (request, reply, done) => {
    // Set on the raw response, as on Express: what a route or a hook sets later wins over them.
    for (const [name, value] of headers.always) reply.raw.setHeader(name, value);
    if (request.protocol === 'https') for (const [name, value] of headers.overTls) reply.raw.setHeader(name, value);
    logRequest(request.raw as LoggedRequest, reply.raw, done);
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    // Express's parser inflated (or refused) only the bodies it read: JSON ones.
    if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) return void done(null, payload);
    const charset = foreignCharset(request.headers['content-type'] ?? '');
    if (charset !== undefined) return void reply.code(415).send({ statusCode: 415, message: `unsupported charset "${charset}"` });
    const inflated = inflatedBody(request.headers['content-encoding'], payload);
    if (typeof inflated === 'string') return void reply.code(415).send({ statusCode: 415, message: inflated });
    done(null, inflated);
  });
  // Any other body is left unread and undefined, as Express's JSON parser left it.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  fastify.addHook('preValidation', (request, reply, done) => {
    const refusal = protoKeyRefusal(request.body);
    if (refusal) return void reply.code(400).send(refusal);
    // The body arrived in events outside the scope onRequest entered: the handler runs in it again.
    const log = (request.raw as LoggedRequest).log;
    if (log) storage.run(new Store(log), done);
    else done();
  });
  return app;
}
