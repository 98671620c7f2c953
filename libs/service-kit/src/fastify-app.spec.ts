import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { deflateSync, gzipSync } from 'node:zlib';
import type { CoreConfig } from './core.env';
import { bodyLimitBytes, createFastifyApp, parseJsonBody } from './fastify-app';
import { createRootLogger, RequestLoggingModule } from './request-logging';
import { ROOT_LOGGER } from './tokens';

@Controller('v1/echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown) {
    return { body: body === undefined ? 'undefined' : body };
  }
}

const root = createRootLogger('test', 'warn');

@Module({
  imports: [RequestLoggingModule.forRoot(root)],
  controllers: [EchoController],
  providers: [{ provide: ROOT_LOGGER, useValue: root }],
})
class EchoModule {}

/**
 * The gateway's Fastify server answers as its Express server did: each expected body below is what
 * Express (body-parser, strict, 1kb) answered the same request with.
 */
describe('createFastifyApp', () => {
  let app: NestFastifyApplication;
  let fastify: FastifyInstance;
  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, url = '/v1/echo') =>
    fastify.inject({ method: 'POST', url, headers, payload: body });

  beforeAll(async () => {
    const core = { http: { host: '127.0.0.1', port: 0, trustProxy: 1 } } as unknown as CoreConfig;
    app = await createFastifyApp({ module: EchoModule }, core, '1kb', []);
    await app.init();
    fastify = app.getHttpAdapter().getInstance();
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['{"events": [', { message: 'Unexpected end of JSON input', error: 'Bad Request', statusCode: 400 }],
    ['"hello"', { message: 'Unexpected token \'"\', ""hello"" is not valid JSON', error: 'Bad Request', statusCode: 400 }],
    ['null', { message: 'Unexpected token \'n\', "null" is not valid JSON', error: 'Bad Request', statusCode: 400 }],
    ['   ', { message: 'Unexpected end of JSON input', error: 'Bad Request', statusCode: 400 }],
  ])('refuses %j as Express refused it', async (body, expected) => {
    const response = await post(body);
    expect({ status: response.statusCode, body: response.json<unknown>() }).toEqual({ status: 400, body: expected });
  });

  it('reads an empty JSON body as {}, and leaves any other media type unread and undefined', async () => {
    expect((await post('')).json()).toEqual({ body: {} });
    expect((await post('\uFEFF{"a":1}')).json()).toEqual({ body: { a: 1 } });
    expect((await post('{"a":1}', { 'content-type': 'application/json; charset=utf-8' })).json()).toEqual({ body: { a: 1 } });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json']) {
      expect((await post('{"a":1}', { 'content-type': type })).json()).toEqual({ body: 'undefined' });
    }
  });

  it('refuses a JSON body declared in a charset other than UTF-8, as Express did, instead of reading its bytes as UTF-8', async () => {
    for (const charset of ['latin1', 'utf-16', 'gbk']) {
      const response = await post('{"a":1}', { 'content-type': `application/json; charset=${charset}` });
      expect({ status: response.statusCode, body: response.json<unknown>() }).toEqual({
        status: 415,
        body: { statusCode: 415, message: `unsupported charset "${charset.toUpperCase()}"` },
      });
    }
    expect((await post('{"a":1}', { 'content-type': 'application/json; charset="UTF-8"' })).json()).toEqual({ body: { a: 1 } });
  });

  it('inflates a gzip or deflate body, counting the limit in inflated bytes, and refuses other encodings', async () => {
    const body = JSON.stringify({ a: 'b'.repeat(900) });
    expect(
      (await fastify.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(body) })).json(),
    ).toEqual({
      body: JSON.parse(body) as unknown,
    });
    expect(
      (await fastify.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, payload: deflateSync(body) }))
        .statusCode,
    ).toBe(201);
    const bomb = await fastify.inject({
      method: 'POST',
      url: '/v1/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ a: 'b'.repeat(5000) })),
    });
    expect({ status: bomb.statusCode, body: bomb.json<unknown>() }).toEqual({ status: 413, body: { statusCode: 413, message: 'request entity too large' } });
    const brotli = await fastify.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, payload: '{}' });
    expect({ status: brotli.statusCode, body: brotli.json<unknown>() }).toEqual({ status: 415, body: { statusCode: 415, message: 'unsupported content encoding "br"' } });
    const notJson = await fastify.inject({ method: 'POST', url: '/v1/echo', headers: { 'content-type': 'text/plain', 'content-encoding': 'br' }, payload: '{}' });
    expect(notJson.json()).toEqual({ body: 'undefined' });
  });

  it('refuses a body over the limit with the 413 Express gave, and a __proto__ key with INVALID_BODY', async () => {
    const large = await post(JSON.stringify({ pad: 'x'.repeat(1100) }));
    expect({ status: large.statusCode, body: large.json<unknown>() }).toEqual({ status: 413, body: { statusCode: 413, message: 'request entity too large' } });
    const proto = await post('{"events": [{"__proto__": {"polluted": true}}]}');
    expect({ status: proto.statusCode, body: proto.json<unknown>() }).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'INVALID_BODY', message: '"__proto__" is not allowed as a key' },
    });
  });

  it('sets the security headers and the correlation id on every answer, and HSTS only over TLS', async () => {
    const response = await post('{}', { 'content-type': 'application/json', 'x-correlation-id': 'corr-7' });
    expect(response.headers).toMatchObject({
      'x-correlation-id': 'corr-7',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
    // TRUST_PROXY=1: the proxy in front says the client came over TLS.
    const overTls = await post('{}', { 'content-type': 'application/json', 'x-forwarded-proto': 'https' });
    expect(overTls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const missing = await post('{}', { 'content-type': 'application/json' }, '/v1/nothing');
    expect(missing.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  });

  it('matches routes case-sensitively, with or without a trailing slash, as the Express services do', async () => {
    expect((await post('{}', undefined, '/v1/echo/')).statusCode).toBe(201);
    const upper = await post('{}', undefined, '/V1/echo');
    expect({ status: upper.statusCode, body: upper.json<unknown>() }).toEqual({ status: 404, body: { message: 'Cannot POST /V1/echo', error: 'Not Found', statusCode: 404 } });
  });
});

describe('parseJsonBody and bodyLimitBytes', () => {
  it('parses objects and arrays, and reads limits as Express did', () => {
    expect(parseJsonBody(' [1, {"a": 2}]')).toEqual([1, { a: 2 }]);
    expect([bodyLimitBytes('100kb'), bodyLimitBytes('1mb'), bodyLimitBytes('512b')]).toEqual([102_400, 1_048_576, 512]);
    expect(() => bodyLimitBytes('1gb')).toThrow('a body limit such as 512kb or 1mb');
  });
});
