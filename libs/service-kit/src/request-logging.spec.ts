import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import { createRootLogger, requestLogging } from './request-logging';

/** A root logger like the service's, writing its lines into an array. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createRootLogger('test', level, sink) };
}

function exchange(url: string, headers: Record<string, string> = {}) {
  const req = { url, method: 'POST', headers, socket: {} } as unknown as IncomingMessage & { id?: string };
  const set = new Map<string, string>();
  const res = Object.assign(new EventEmitter(), {
    statusCode: 202,
    headersSent: true,
    setHeader: (name: string, value: string) => set.set(name.toLowerCase(), value),
    getHeaders: () => Object.fromEntries(set),
  }) as unknown as ServerResponse;
  return { req, res, set };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('requestLogging', () => {
  it('echoes a well-formed correlation id and makes one up for a malformed one', () => {
    const { logger } = capture('warn');
    const given = exchange('/v1/events', { 'x-correlation-id': 'abc-123' });
    requestLogging(logger)(given.req, given.res, () => undefined);
    expect([given.req.id, given.set.get('x-correlation-id')]).toEqual(['abc-123', 'abc-123']);
    const bad = exchange('/v1/events', { 'x-correlation-id': 'has spaces' });
    requestLogging(logger)(bad.req, bad.res, () => undefined);
    expect(bad.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.set.get('x-correlation-id')).toBe(bad.req.id);
  });

  it('writes no access line below info, and the lines a request logs carry its id', async () => {
    const { lines, logger } = capture('warn');
    const { req, res } = exchange('/v1/events', { 'x-correlation-id': 'corr-1' });
    requestLogging(logger)(req, res, () => storage.getStore()!.logger.warn('inside'));
    res.emit('finish');
    await flush();
    expect(lines.map(({ msg, reqId }) => ({ msg, reqId }))).toEqual([{ msg: 'inside', reqId: 'corr-1' }]);
  });

  it('writes one access line per request at info, with the secret in an answer link scrubbed', async () => {
    const { lines, logger } = capture('info');
    const { req, res } = exchange('/verify/s3cret-token?x=1', { 'x-api-key': 'key-that-must-not-show-0123456789' });
    requestLogging(logger)(req, res, () => undefined);
    res.emit('finish');
    res.emit('close');
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', correlationId: req.id, res: { statusCode: 202 } });
    expect(JSON.stringify(lines[0])).not.toContain('s3cret-token');
    expect((lines[0].req as { url: string }).url).toBe('/verify/[token]?x=1');
  });

  it.each(['/VERIFY/s3cret-token', '/Verify/s3cret-token?lang=en', '/%76erify/s3cret-token', '/%56ERIFY/s3cret-token'])(
    'scrubs the secret from %s whatever its case or encoding',
    async (url) => {
      const { lines, logger } = capture('info');
      const { req, res } = exchange(url);
      requestLogging(logger)(req, res, () => undefined);
      res.emit('finish');
      await flush();
      expect(JSON.stringify(lines[0])).not.toContain('s3cret-token');
      expect((lines[0].req as { url: string }).url).toContain('/[token]');
    },
  );

  it('masks the client address and an IP in the path, keeping distinct IPs apart', async () => {
    const { lines, logger } = capture('info');
    for (const [url, remoteAddress] of [
      ['/api/entities/ip/203.0.113.9', '::ffff:203.0.113.7'],
      ['/api/entities/ip/203.0.113.10', '203.0.113.8'],
    ]) {
      const { req, res } = exchange(url);
      Object.assign(req.socket, { remoteAddress });
      requestLogging(logger)(req, res, () => undefined);
      res.emit('finish');
    }
    await flush();
    const text = JSON.stringify(lines);
    for (const ip of ['203.0.113.9', '203.0.113.10', '203.0.113.7', '203.0.113.8']) expect(text).not.toContain(ip);
    const [first, second] = lines.map((line) => line.req as { url: string; remoteAddress: string });
    expect(first.url).toMatch(/^\/api\/entities\/ip\/203\.0\.113\.\*~[0-9a-f]{4}$/);
    expect(first.url).not.toBe(second.url);
    expect(first.remoteAddress).toMatch(/^203\.0\.113\.\*~[0-9a-f]{4}$/);
    expect(first.remoteAddress).not.toBe(second.remoteAddress);
  });

  it('logs a 5xx answer as an error, and nothing for health and metrics', async () => {
    const { lines, logger } = capture('info');
    const failed = exchange('/v1/events');
    requestLogging(logger)(failed.req, failed.res, () => undefined);
    failed.res.statusCode = 503;
    failed.res.emit('finish');
    const health = exchange('/health/ready');
    requestLogging(logger)(health.req, health.res, () => undefined);
    health.res.emit('finish');
    await flush();
    expect(lines.map((line) => line.msg)).toEqual(['request errored']);
  });

  it('hands nestjs-pino the request-scoped logger', async () => {
    const { lines, logger } = capture('info');
    const pinoLogger = new PinoLogger({ pinoHttp: { logger } });
    const { req, res } = exchange('/v1/events', { 'x-correlation-id': 'corr-2' });
    requestLogging(logger)(req, res, () => pinoLogger.info({ msg: 'from a service' }));
    await flush();
    expect(lines.find((line) => line.msg === 'from a service')).toMatchObject({ reqId: 'corr-2' });
  });
});
