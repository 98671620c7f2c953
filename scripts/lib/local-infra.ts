import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './repo-root';
import { promisify } from 'node:util';
// Relative: the tests' global setup imports this module, and jest maps no @sentinel/ paths there.
import { parseDatabaseUrl, withDatabase } from '../../libs/persistence/src/connection/database-url';
import { connectClient } from '../../libs/persistence/src/connection/primary-client';

const run = promisify(execFile);
const ROOT = repoRoot();

export function answers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export interface LocalKafka {
  brokers: string;
  /** True when this process started it, and so should stop it. */
  started: boolean;
  stop: () => Promise<void>;
}

/** Starts the project's single-node broker on the port unless one already answers there. */
export async function ensureLocalKafka(port: number, dataDir?: string): Promise<LocalKafka> {
  const env = { ...process.env, KAFKA_PORT: String(port), ...(dataDir ? { KAFKA_DATA_DIR: dataDir } : {}) };
  const brokers = `127.0.0.1:${port}`;
  if (await answers('127.0.0.1', port)) return { brokers, started: false, stop: () => Promise.resolve() };
  await run('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'start'], { env, maxBuffer: 10 * 1024 * 1024 });
  return {
    brokers,
    started: true,
    stop: async () => {
      await run('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'stop'], { env });
    },
  };
}

/** The project's three-node cluster's default broker ports (each node's controller on its port + 1). */
export const CLUSTER_PORTS = [9192, 9194, 9196];

/**
 * Starts the project's three-node KRaft cluster on the ports (scripts/kafka.sh start --brokers 3)
 * unless every one of them already answers. Replication factor 3 and min.insync.replicas=2.
 */
export async function ensureLocalKafkaCluster(ports: number[] = CLUSTER_PORTS, dataDir?: string): Promise<LocalKafka> {
  const env = { ...process.env, KAFKA_PORTS: ports.join(','), ...(dataDir ? { KAFKA_DATA_DIR: dataDir } : {}) };
  const brokers = ports.map((port) => `127.0.0.1:${port}`).join(',');
  const up = await Promise.all(ports.map((port) => answers('127.0.0.1', port)));
  if (up.every(Boolean)) return { brokers, started: false, stop: () => Promise.resolve() };
  await run('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'start', '--brokers', '3'], { env, maxBuffer: 10 * 1024 * 1024 });
  return {
    brokers,
    started: true,
    stop: async () => {
      await run('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'stop', '--brokers', '3'], { env });
    },
  };
}

/** KAFKA_CLUSTER: 1 (the default) or 3 brokers for `npm start` and the tests' global setup. */
export function kafkaClusterSize(env: NodeJS.ProcessEnv = process.env): 1 | 3 {
  const size = env.KAFKA_CLUSTER ?? '1';
  if (size !== '1' && size !== '3') throw new Error(`KAFKA_CLUSTER is ${size}; it takes 1 or 3`);
  return size === '3' ? 3 : 1;
}

/** Checks that Postgres answers; for a local server that does not, tries to start the Debian cluster. */
export async function ensurePostgres(url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  const reachable = async () => {
    try {
      await (await connectClient(withDatabase(url, 'postgres'), { connectionTimeoutMillis: 3000 })).end();
      return true;
    } catch {
      return false;
    }
  };
  if (await reachable()) return;
  const local = target.hosts.every((h) => ['127.0.0.1', 'localhost', '[::1]'].includes(h.host));
  if (local && existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']).catch(() => undefined);
    }
    for (let i = 0; i < 40 && !(await reachable()); i++) await new Promise((r) => setTimeout(r, 250));
    if (await reachable()) return;
  }
  throw new Error(
    `PostgreSQL does not answer at ${target.hosts.map((h) => `${h.host}:${h.port}`).join(', ')}. Start it, or set DATABASE_URL to a server that runs ` +
      `(postgres://user[:password]@host:port/database).`,
  );
}
