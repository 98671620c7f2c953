import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';

const read = (file: string) => readFileSync(join(__dirname, '..', '..', file), 'utf8');

/** Ingest keys carry scopes, and the gateway will not start with a key anyone can read in the repository. */
describe('security: ingest API keys', () => {
  const key = 'k'.repeat(20) + '0123456789';

  it('gives a key without scopes events:write alone, and parses the scopes given', () => {
    expect(loadGatewayConfig({ INGEST_API_KEYS: `bank:${key},app:${key}x:answers:write,both:${key}y:events:write+answers:write` }).apiKeys).toEqual([
      { name: 'bank', key, scopes: ['events:write'] },
      { name: 'app', key: `${key}x`, scopes: ['answers:write'] },
      { name: 'both', key: `${key}y`, scopes: ['events:write', 'answers:write'] },
    ]);
    expect(() => loadGatewayConfig({ INGEST_API_KEYS: `bank:${key}:admin` })).toThrow(/scopes from events:write, answers:write/);
  });

  it('ships no key in .env.example, and refuses to boot with the placeholder keys shipped before', () => {
    // A copied .env.example must not give a deployment a key that anyone reading this repository knows.
    expect(/^INGEST_API_KEYS=(.*)$/m.exec(read('.env.example'))?.[1]).toBe('');
    for (const placeholder of ['core-banking:replace-with-a-long-random-key-0001', 'demo:change-me-change-me-change-me-0001']) {
      expect(() => loadGatewayConfig({ INGEST_API_KEYS: placeholder })).toThrow(/placeholder key/);
    }
  });

  it('ships no default key in docker/compose.yml, and publishes its ports on 127.0.0.1 unless told otherwise', () => {
    const compose = read('docker/compose.yml');
    expect(compose).toMatch(/INGEST_API_KEYS: "?\$\{INGEST_API_KEYS:\?/);
    const ports = [...compose.matchAll(/ports: \[([^\]]+)\]/g)].map((m) => m[1]);
    expect(ports.length).toBeGreaterThan(0);
    for (const published of ports) expect(published).toMatch(/^"\$\{PUBLISH_ADDRESS:-127\.0\.0\.1\}:\d+:\d+"$/);
  });
});
