import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo-root';
import { configurationMarkdown, envExample, variables } from './config-docs';

const read = (path: string) => readFileSync(join(repoRoot(), path), 'utf8');

describe('configuration docs, generated from the zod schemas', () => {
  it('docs/configuration.md is current (if not: run npm run docs:config)', () => {
    expect(read('docs/configuration.md')).toBe(configurationMarkdown());
  });

  it('.env.example is current (if not: run npm run docs:config)', () => {
    expect(read('.env.example')).toBe(envExample());
  });

  it('describes every variable', () => {
    const undescribed = variables().filter((v) => [...v.descriptions.values()].some((d) => d.length < 10));
    expect(undescribed.map((v) => v.name)).toEqual([]);
  });

  it('names what each service requires, with the defaults each reader has', () => {
    const byName = new Map(variables().map((v) => [v.name, v]));
    expect(byName.get('INGEST_API_KEYS')).toMatchObject({ required: true, readers: ['gateway'] });
    expect(byName.get('SMTP_URL')).toMatchObject({ required: true, readers: ['notifier'] });
    expect(byName.get('ADMIN_PASSWORD')).toMatchObject({ required: false, readers: ['console'] });
    expect(Object.fromEntries(byName.get('PORT')!.defaults)).toEqual({ gateway: '3001', detector: '3002', notifier: '3003', console: '3004' });
    expect(byName.get('ALERT_MAX_AGE')!.defaults.get('detector')).toBe('3d');
    expect(byName.get('KAFKA_BROKERS')!.defaults.get('gateway')).toBe('127.0.0.1:9092');
    expect(byName.get('SHUTDOWN_GRACE_MS')!.readers).toEqual(['gateway', 'detector', 'notifier', 'console', 'npm start']);
  });
});
