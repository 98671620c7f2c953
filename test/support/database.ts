import {
  connectClient,
  databaseCredentials,
  dataSourceOptions,
  dropDatabase,
  grantServiceRole,
  migrate,
  parseDatabaseUrl,
  withCredentials,
  withDatabase,
} from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testEnv } from './test-env';

/** A connection to the migrated test database, as the services connect: a role that owns no table. */
export async function testDataSource(url = testEnv().databaseUrl): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, 4));
  return dataSource.initialize();
}

/**
 * A database of its own, migrated, for a suite whose running services would otherwise see other
 * suites' rows (an outbox relay publishes every pending row it finds).
 *
 * `base`: the owner's URL of the server(s) and the name to derive it from (one host or a primary
 * and its standby); the test database's owner URL by default.
 */
export async function isolatedDatabase(base = testEnv().ownerDatabaseUrl): Promise<{ url: string; ownerUrl: string; drop: () => Promise<void> }> {
  const env = testEnv();
  const ownerUrl = withDatabase(base, `${parseDatabaseUrl(base).database}_${randomUUID().slice(0, 8)}`);
  // The services' role on the new database, with the password the suite's own URL gave it.
  const service = databaseCredentials(env.databaseUrl);
  const url = withCredentials(ownerUrl, service.user ?? 'postgres', service.password);
  const template = base === env.ownerDatabaseUrl ? process.env.SENTINEL_TEST_TEMPLATE_DATABASE : undefined;
  if (template) {
    await copyDatabase(template, ownerUrl);
    // The grant on the database itself is no part of what a copy takes over.
    await grantServiceRole(ownerUrl, url);
  } else {
    await migrate(ownerUrl, url);
  }
  return {
    /** As the services connect. */
    url,
    /** As the owner, for a suite that changes the schema. */
    ownerUrl,
    drop: () => dropDatabase(ownerUrl),
  };
}

/**
 * The database the owner's URL names, created as a copy of `template`: the migrated database the
 * global setup leaves for isolatedDatabase (see there), copied in a fraction of the time the
 * migrations take to run again.
 */
async function copyDatabase(template: string, ownerUrl: string): Promise<void> {
  const client = await connectClient(withDatabase(ownerUrl, 'postgres'));
  try {
    await client.query(`CREATE DATABASE "${parseDatabaseUrl(ownerUrl).database}" TEMPLATE "${template}"`);
  } finally {
    await client.end();
  }
}

/**
 * For a suite that changes the schema (a migration's down and up again): a database of its own,
 * migrated before its tests and dropped after them, reached as its owner. Call in the describe block; the returned
 * function gives the connection.
 */
export function isolatedDataSource(): () => DataSource {
  let database: Awaited<ReturnType<typeof isolatedDatabase>> | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await isolatedDatabase();
    dataSource = await testDataSource(database.ownerUrl);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  return () => dataSource!;
}

/** Reverts the migrations applied after `name`, then `name` itself: a migration's down, tested at any later schema. */
export async function revertThrough(db: DataSource, name: string): Promise<void> {
  const index = db.migrations.findIndex((m) => m.name === name);
  if (index < 0) throw new Error(`no migration named ${name}`);
  for (let i = db.migrations.length - 1; i >= index; i--) await db.undoLastMigration();
}
