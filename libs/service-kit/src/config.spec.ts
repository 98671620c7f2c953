import { z } from 'zod';
import { ConfigError, csv, loadEnv } from './config';
import { coreConfig, coreEnv } from './core.env';

describe('loadEnv', () => {
  const shape = {
    KAFKA_BROKERS: csv('comma-separated host:port list'),
    RETRIES: z.coerce.number().int().min(1).default(3).describe('a whole number, at least 1'),
  };

  it('names a missing variable and what it should be', () => {
    expect(() => loadEnv(shape, {})).toThrow(ConfigError);
    try {
      loadEnv(shape, {});
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['KAFKA_BROKERS is required but not set (expected: comma-separated host:port list)']);
    }
  });

  it('names an invalid variable, treating empty as unset', () => {
    expect(() => loadEnv(shape, { KAFKA_BROKERS: 'a:1', RETRIES: '0' })).toThrow(/RETRIES .*expected: a whole number, at least 1/);
    expect(loadEnv(shape, { KAFKA_BROKERS: 'a:1, b:2', RETRIES: '' })).toEqual({ KAFKA_BROKERS: ['a:1', 'b:2'], RETRIES: 3 });
  });

  it('gives every service working local defaults', () => {
    const core = coreConfig('detector', loadEnv(coreEnv(3002), {}));
    expect(core).toEqual({
      service: 'detector',
      kafka: {
        brokers: ['127.0.0.1:9092'],
        clientId: 'sentinel-detector',
        topicPrefix: '',
        partitions: 6,
        sessionTimeoutMs: 30_000,
        commitIntervalMs: 1_000,
        produceTimeoutMs: 30_000,
      },
      database: { url: 'postgres://sentinel_service@127.0.0.1:5432/sentinel', poolSize: 10 },
      logLevel: 'info',
      http: { host: '127.0.0.1', port: 3002, trustProxy: false },
      consumerStallMs: 60_000,
      eventTime: { maxFutureMs: 300_000, maxAgeMs: 400 * 86_400_000 },
    });
  });

  it('rejects brokers that are not host:port and database URLs that are not postgres', () => {
    expect(() => loadEnv(coreEnv(1), { KAFKA_BROKERS: 'localhost' })).toThrow(/KAFKA_BROKERS/);
    expect(() => loadEnv(coreEnv(1), { DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('takes a primary and its standby in one DATABASE_URL, and refuses a session attribute the client cannot check', () => {
    const url = 'postgres://sentinel@db1:5432,db2:5432/sentinel?target_session_attrs=read-write';
    expect(loadEnv(coreEnv(1), { DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(() => loadEnv(coreEnv(1), { DATABASE_URL: url.replace('read-write', 'standby') })).toThrow(/DATABASE_URL has target_session_attrs=standby/);
  });
});

describe('TRUST_PROXY', () => {
  const load = (value: string) => coreConfig('console', loadEnv(coreEnv(3004), { TRUST_PROXY: value })).http.trustProxy;

  it('takes a hop count or proxy addresses, and refuses true, which lets any client choose its address', () => {
    expect(load('false')).toBe(false);
    expect(load('1')).toBe(1);
    expect(load('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => load('true')).toThrow(/never true/);
  });
});

describe('KAFKA_PRODUCE_TIMEOUT_MS', () => {
  const load = (value?: string) => coreConfig('gateway', loadEnv(coreEnv(3001), value === undefined ? {} : { KAFKA_PRODUCE_TIMEOUT_MS: value })).kafka.produceTimeoutMs;

  it('defaults to 30 s, well inside what kafkajs retries a stopped broker for, and takes milliseconds', () => {
    expect(load()).toBe(30_000);
    expect(load('2000')).toBe(2_000);
  });

  it('refuses less than a second, more than ten minutes, and what is not a whole number', () => {
    for (const value of ['999', '600001', '1.5', 'soon']) expect(() => load(value)).toThrow(/KAFKA_PRODUCE_TIMEOUT_MS/);
  });
});
