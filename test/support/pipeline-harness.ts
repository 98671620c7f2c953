import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { repoRoot } from '../../scripts/lib/repo-root';
import { ServiceProcess, type ServiceName } from '../../scripts/lib/service-process';
import { isolatedDatabase, testDataSource } from './database';
import { freePort } from './free-port';
import { testEnv } from './test-env';
import { ConsoleClient, consoleTestEnv, TEST_ADMIN } from './console-client';

/**
 * Compiled services as processes against a database and topic prefix of their own, for suites
 * that run the real pipeline. `env` adds or overrides variables for every service.
 */
export class PipelineHarness {
  readonly services = {} as Record<ServiceName, ServiceProcess>;
  /** What every service was started with, for a suite that starts another instance. */
  serviceEnv: Record<string, string> = {};
  db!: DataSource;
  private database?: Awaited<ReturnType<typeof isolatedDatabase>>;

  constructor(
    private readonly names: ServiceName[],
    private readonly env: Record<string, string> | ((urls: Record<ServiceName, string>, databaseUrl: string) => Record<string, string>),
    private readonly logDir: string,
    /** The owner's URL of the server(s) to make the suite's database on (a primary and its standby); the test database's owner by default. */
    private readonly databaseBase?: string,
  ) {}

  async start(): Promise<this> {
    if (!existsSync(join(repoRoot(), 'dist/apps/gateway/src/main.js'))) {
      throw new Error('dist/ is missing: these suites run the compiled services; run `npm run build` first (npm test does)');
    }
    this.database = await isolatedDatabase(this.databaseBase);
    // The suite's own view of the database is the operator's; the services connect as theirs.
    this.db = await testDataSource(this.database.ownerUrl);
    const ports = {} as Record<ServiceName, number>;
    for (const name of this.names) ports[name] = await freePort();
    const urls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://127.0.0.1:${port}`])) as Record<ServiceName, string>;
    const env = (this.serviceEnv = {
      KAFKA_BROKERS: testEnv().brokers.join(','),
      KAFKA_PARTITIONS: '3',
      DATABASE_URL: this.database.url,
      DATABASE_POOL_SIZE: '4',
      LOG_LEVEL: 'info',
      // The suites' events carry fixed dates; a suite about the alert horizon sets its own.
      ALERT_MAX_AGE: '400d',
      ...consoleTestEnv,
      ...(typeof this.env === 'function' ? this.env(urls, this.database.url) : this.env),
    });
    const logDir = join(repoRoot(), 'test-artifacts', this.logDir);
    for (const name of this.names) {
      this.services[name] = new ServiceProcess(name, ports[name], env, logDir);
      this.services[name].start();
    }
    await Promise.all(this.names.map((name) => this.services[name].waitReady(90_000)));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(this.names.map((name) => this.services[name]?.stop()));
    await this.db?.destroy();
    // KEEP_TEST_DB=1 leaves the suite's database behind for a post-mortem.
    if (process.env.KEEP_TEST_DB) process.stdout.write(`kept the test database: ${this.database?.url}\n`);
    else await this.database?.drop();
  }

  /** One more instance of a service, with the same environment and any overrides, started and ready; the caller stops it. */
  async another(name: ServiceName, logName: string, overrides: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = new ServiceProcess(name, await freePort(), { ...this.serviceEnv, ...overrides }, join(repoRoot(), 'test-artifacts', this.logDir, logName));
    service.start();
    await service.waitReady(90_000);
    return service;
  }

  url(name: ServiceName): string {
    return this.services[name].url;
  }

  /** A logged-in console session; the test admin unless told otherwise. */
  console(username: string = TEST_ADMIN.username, password: string = TEST_ADMIN.password): Promise<ConsoleClient> {
    return ConsoleClient.as(this.url('console'), username, password);
  }

  /** POSTs JSON to the gateway with a producer's API key. */
  gateway(path: string, apiKey: string, body: unknown): Promise<Response> {
    return fetch(`${this.url('gateway')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(body),
    });
  }
}
