// Relative: jest's moduleNameMapper does not apply to global setup modules.
import { parseDatabaseUrl, withDatabase } from '../../libs/persistence/src/connection/database-url';
import { databaseUrls, dropDatabase, migrate } from '../../libs/persistence/src/migrate';
import { connectClient } from '../../libs/persistence/src/connection/primary-client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKafka, ensureLocalKafkaCluster, kafkaClusterSize } from '../../scripts/lib/local-infra';
import { startKafkaContainer } from './kafka-container';

type Stop = () => Promise<void>;
declare global {
  var __sentinelTestTeardown: Stop[] | undefined;
}

async function dockerAnswers(): Promise<boolean> {
  if (process.env.TESTCONTAINERS === 'off') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the infrastructure for the int and e2e tiers, in this order:
 * KAFKA_BROKERS / DATABASE_URL when set; testcontainers when a Docker engine answers; otherwise
 * the project's local Kafka broker (started here if nothing answers on 9092; with KAFKA_CLUSTER=3
 * its three-broker cluster on 9192, 9194 and 9196) and the local
 * Postgres at 127.0.0.1:5432. The test database is dropped and migrated afresh for every run, as
 * the owner (MIGRATION_DATABASE_URL, or DATABASE_URL when that is unset); the suites then run as
 * the services do, as a role that owns nothing (DATABASE_URL afterwards), and reach the owner's
 * URL through testEnv().ownerDatabaseUrl for what only the owner may do.
 */
export default async function globalSetup(): Promise<void> {
  // Jest runs this once per project (int, e2e); the first run does the work for both.
  if (process.env.SENTINEL_TEST_INFRA_READY) return;
  const teardown: Stop[] = [];
  globalThis.__sentinelTestTeardown = teardown;
  const docker = (!process.env.KAFKA_BROKERS || !process.env.DATABASE_URL) && (await dockerAnswers());

  if (!process.env.KAFKA_BROKERS) {
    if (docker) {
      const kafka = await startKafkaContainer();
      teardown.push(kafka.stop);
      process.env.KAFKA_BROKERS = kafka.brokers;
    } else if (kafkaClusterSize() === 3) {
      // KAFKA_CLUSTER=3: the project's three-broker cluster (started here unless it answers).
      const kafka = await ensureLocalKafkaCluster(undefined, process.env.KAFKA_DATA_DIR ?? join(tmpdir(), 'sentinel-test-kafka-cluster'));
      if (kafka.started) teardown.push(kafka.stop);
      process.env.KAFKA_BROKERS = kafka.brokers;
    } else {
      const kafka = await ensureLocalKafka(9092, process.env.KAFKA_DATA_DIR ?? join(tmpdir(), 'sentinel-test-kafka'));
      if (kafka.started) teardown.push(kafka.stop);
      process.env.KAFKA_BROKERS = kafka.brokers;
    }
  }

  if (!process.env.DATABASE_URL) {
    if (docker) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const pg = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('sentinel_test').start();
      teardown.push(async () => void (await pg.stop()));
      process.env.DATABASE_URL = pg.getConnectionUri();
    } else {
      process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sentinel_test';
    }
  }
  const { owner, service } = databaseUrls(process.env);
  await recreateDatabase(owner);
  // Beside it, the same migrations on a database nobody connects to, which isolatedDatabase
  // (test/support/database.ts) copies: dozens of suites take a database of their own.
  const template = withDatabase(owner, `${parseDatabaseUrl(owner).database}_template`);
  await Promise.all([migrate(owner, service), makeTemplate(template, withDatabase(service, parseDatabaseUrl(template).database))]);
  process.env.SENTINEL_TEST_TEMPLATE_DATABASE = parseDatabaseUrl(template).database;
  process.env.MIGRATION_DATABASE_URL = owner;
  process.env.DATABASE_URL = service;

  // Fresh topics and consumer groups per run: nothing left over from an earlier run is consumed.
  process.env.KAFKA_TOPIC_PREFIX = `test-${Date.now().toString(36)}.`;
  process.env.SENTINEL_TEST_INFRA_READY = '1';
}

/** Migrated afresh, then marked a template taking no connections: CREATE DATABASE … TEMPLATE copies it. */
async function makeTemplate(url: string, serviceUrl: string): Promise<void> {
  const name = parseDatabaseUrl(url).database;
  const client = await connectClient(withDatabase(url, 'postgres'));
  try {
    await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE false`).catch(() => undefined);
    await dropDatabase(url);
    await migrate(url, serviceUrl);
    await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const name = parseDatabaseUrl(url).database;
  // The tests drop this database; refuse anything that is not plainly a test database.
  if (!/test/i.test(name)) throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
  await dropDatabase(url);
}
