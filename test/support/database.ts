import { dataSourceOptions, dropDatabase, migrate, parseDatabaseUrl, withDatabase } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testEnv } from './test-env';

/** A connection to the migrated test database. */
export async function testDataSource(url = testEnv().databaseUrl): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, 4));
  return dataSource.initialize();
}

/**
 * A database of its own, migrated, for a suite whose running services would otherwise see other
 * suites' rows (an outbox relay publishes every pending row it finds).
 *
 * `base`: the server(s) and the name to derive it from; the test database by default.
 */
export async function isolatedDatabase(base = testEnv().databaseUrl): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = withDatabase(base, `${parseDatabaseUrl(base).database}_${randomUUID().slice(0, 8)}`);
  await migrate(url);
  return {
    url,
    drop: () => dropDatabase(url),
  };
}

/**
 * For a suite that changes the schema (a migration's down and up again): a database of its own,
 * migrated before its tests and dropped after them. Call in the describe block; the returned
 * function gives the connection.
 */
export function isolatedDataSource(): () => DataSource {
  let database: Awaited<ReturnType<typeof isolatedDatabase>> | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await isolatedDatabase();
    dataSource = await testDataSource(database.url);
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
