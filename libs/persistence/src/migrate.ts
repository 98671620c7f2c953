import type { Client } from 'pg';
import { parseDatabaseUrl, withDatabase } from './connection/database-url';
import { connectClient } from './connection/primary-client';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any fixed number works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK = 7_346_221;

function databaseName(url: string): string {
  const name = parseDatabaseUrl(url).database;
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(name)) {
    throw new Error(`DATABASE_URL names database "${name}"; use letters, digits, '_' or '-'`);
  }
  return name;
}

/** A connection to the server's `postgres` database, for creating and dropping others. */
async function serverClient(url: string): Promise<Client> {
  return connectClient(withDatabase(url, 'postgres'));
}

/** Creates the database named by the URL when it is missing, connecting to the server's `postgres` db. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const client = await serverClient(url);
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Two migrators racing: the other one created it.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** Drops the database named by the URL, closing its connections (tests and benchmarks, never the app). */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const client = await serverClient(url);
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Creates the database if needed and applies pending migrations, one migrator at a time. */
export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const lock = await connectClient(url);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
