// `npm start`: the whole system on this machine. Starts what is missing (Kafka, Postgres), migrates,
// runs the four services and a demo stream, prints where to look, and on Ctrl-C stops what it started.
import { Topics } from '@sentinel/contracts';
import { createKafka, ensureTopics, physicalTopic } from '@sentinel/messaging';
import { connectClient, databaseCredentials, databaseUrls, dataSourceOptions, migrate, parseDatabaseUrl } from '@sentinel/persistence';
import { loadEnv, loadOrExit, shutdownEnv } from '@sentinel/service-kit';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DemoStream } from './demo/demo-events';
import { runCli } from './lib/cli';
import { ensureLocalKafka, ensureLocalKafkaCluster, ensurePostgres, CLUSTER_PORTS } from './lib/local-infra';
import { repoRoot } from './lib/repo-root';
import { safeOutput } from './lib/safe-output';
import { DEFAULT_PORTS, SERVICES, ServiceProcess } from './lib/service-process';
import { Supervisor } from './lib/supervisor';
import { UP_CLI, upEnv } from './up-options';

const out = safeOutput(process.stdout);
safeOutput(process.stderr);
const say = (line: string) => out(`[sentinel] ${line}\n`);

async function hasAnalysts(databaseUrl: string): Promise<boolean> {
  const client = await connectClient(databaseUrl);
  try {
    return (await client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM analyst) AS any')).rows[0].any;
  } finally {
    await client.end();
  }
}

/**
 * The dev mail catcher, in this process, for when no SMTP server is given: it keeps each mail for
 * the console's messages view. Loaded only then: smtp-server and mailparser are dev dependencies.
 * Stopped after the services, so the notifier's last sends still land.
 */
async function startMailCatcher(supervisor: Supervisor, databaseUrl: string, catcherPort: number): Promise<string> {
  const { MailCatcher } = await import('./mail-catcher/mail-catcher');
  const started = async () => {
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
    const catcher = new MailCatcher(dataSource, (line) => say(line));
    try {
      await catcher.listen(catcherPort);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return { catcher, dataSource };
  };
  await supervisor.start(started(), ({ catcher, dataSource }) => async () => {
    await catcher.close();
    await dataSource.destroy();
  });
  return `smtp://127.0.0.1:${catcherPort}`;
}

async function main() {
  runCli(UP_CLI);
  const root = repoRoot();
  if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
  const env = process.env;
  // The services read the same variable: each drains for as long as the supervisor waits for it.
  const { SHUTDOWN_GRACE_MS } = loadOrExit(() => loadEnv(shutdownEnv));
  const own = loadOrExit(() => loadEnv(upEnv));
  const supervisor = new Supervisor(SHUTDOWN_GRACE_MS, say).install();
  // The owner migrates; the services connect as a role that owns no table (created here when missing).
  const { owner: ownerUrl, service: databaseUrl } = databaseUrls({ MIGRATION_DATABASE_URL: own.MIGRATION_DATABASE_URL, DATABASE_URL: env.DATABASE_URL });
  const apiKey = env.INGEST_API_KEYS ? undefined : randomBytes(24).toString('base64url');
  const demo = own.DEMO === 'on';

  try {
    let brokers = env.KAFKA_BROKERS;
    if (!brokers) {
      const cluster = own.KAFKA_CLUSTER === '3';
      say(
        cluster
          ? `Kafka: starting the local three-broker cluster unless it answers on 127.0.0.1:${CLUSTER_PORTS.join(',')}…`
          : 'Kafka: starting the local single-node broker unless one answers on 127.0.0.1:9092…',
      );
      // Stopped last, once the services have committed their offsets.
      brokers = (await supervisor.start(cluster ? ensureLocalKafkaCluster() : ensureLocalKafka(9092), (kafka) => (kafka.started ? kafka.stop : undefined))).brokers;
      if (supervisor.isStopping) return;
    }

    say(
      `Postgres: ${parseDatabaseUrl(ownerUrl)
        .hosts.map((h) => `${h.host}:${h.port}`)
        .join(', ')}, services as ${databaseCredentials(databaseUrl).user ?? 'postgres'}`,
    );
    await ensurePostgres(ownerUrl);
    const applied = await migrate(ownerUrl, databaseUrl);
    say(applied.length ? `migrated: ${applied.join(', ')}` : 'schema is up to date');
    // The console makes its first admin from ADMIN_PASSWORD; on a fresh database we choose one and say it once.
    const adminPassword = env.ADMIN_PASSWORD || ((await hasAnalysts(databaseUrl)) ? undefined : randomBytes(15).toString('base64url'));
    const adminUsername = env.ADMIN_USERNAME || 'admin';

    const prefix = env.KAFKA_TOPIC_PREFIX ?? '';
    await ensureTopics(
      createKafka({ brokers: brokers.split(','), clientId: 'sentinel-up', topicPrefix: prefix, partitions: 6 }),
      Object.values(Topics).map((t) => physicalTopic({ topicPrefix: prefix }, t)),
      Number(env.KAFKA_PARTITIONS ?? 6),
    );

    const smtpUrl = env.SMTP_URL || (await startMailCatcher(supervisor, databaseUrl, own.MAIL_CATCHER_PORT));
    if (supervisor.isStopping) return;

    const serviceEnv = {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      ...(apiKey ? { INGEST_API_KEYS: `demo:${apiKey}` } : {}),
      ...(adminPassword ? { ADMIN_PASSWORD: adminPassword } : {}),
    };
    const logDir = own.SENTINEL_LOG_DIR ?? join(root, '.run', 'logs');
    const base = own.SENTINEL_PORT_BASE;
    const services = SERVICES.map(
      (name, i) =>
        new ServiceProcess(name, base ? base + i + 1 : DEFAULT_PORTS[name], serviceEnv, logDir, (service, line) => {
          // Show warnings and errors here; the full JSON log is in .run/logs.
          if (/"level":(40|50|60)/.test(line) || !line.startsWith('{')) out(`[${service}] ${line}\n`);
        }),
    );
    if (supervisor.isStopping) return;
    supervisor.addServices(services);
    for (const service of services) service.start();
    await Promise.all(services.map((s) => s.waitReady()));

    const byName = (name: (typeof SERVICES)[number]) => services.find((s) => s.name === name)!;
    const consoleUrl = env.PUBLIC_BASE_URL ?? byName('console').url;
    say('all four services are ready');
    say(`console:        ${consoleUrl}`);
    say(`gateway:        ${byName('gateway').url}/v1/events`);
    if (apiKey) say(`ingest API key: ${apiKey} (generated for this run; set INGEST_API_KEYS to choose your own)`);
    if (adminPassword && !env.ADMIN_PASSWORD) say(`console login:  ${adminUsername} / ${adminPassword} (the first admin, made now; shown once)`);
    else if (!adminPassword) say('console login:  the accounts already in this database');
    say(`logs:           ${logDir}`);
    say(`mail:           ${env.SMTP_URL ? 'sent through SMTP_URL' : `caught by the mail catcher on ${smtpUrl}, shown in the console`}`);
    say(`sms:            ${env.TWILIO_ACCOUNT_SID ? 'sent through Twilio' : 'dry run, shown in the console'}`);
    say('press Ctrl-C to stop');

    if (demo && apiKey) {
      say('demo: streaming account events through the gateway (DEMO=off to disable)');
      const stream = new DemoStream({ accounts: 2000, suspiciousRate: 0.03 });
      const timer = setInterval(() => {
        const events = stream.next();
        fetch(`${byName('gateway').url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ events }),
        })
          .then(async (r) => (r.ok ? undefined : say(`demo: gateway answered ${r.status}: ${await r.text()}`)))
          .catch((e: Error) => say(`demo: ${e.message}`));
      }, 1000);
      supervisor.onStop(() => Promise.resolve(clearInterval(timer)));
    }
  } catch (error) {
    // A service stopped by a signal during its start fails waitReady: that is no failure to start.
    if (!supervisor.isStopping) say(`could not start: ${(error as Error).message}`);
    await supervisor.stop(1);
  }
}

void main();
