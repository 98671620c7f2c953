import type { Client } from 'pg';
import { databaseCredentials, parseDatabaseUrl, withCredentials, withDatabase } from './connection/database-url';
import { connectClient } from './connection/primary-client';
import { DataSource } from 'typeorm';
import { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source-options';

// Any fixed number works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK = 7_346_221;
const GRANT_LOCK = MIGRATION_LOCK + 1;

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

/** The role the services connect as when nothing names one: it owns no table. */
const DEFAULT_SERVICE_ROLE = 'sentinel_service';

export interface DatabaseUrls {
  /** The owner: creates the database, runs the migrations, owns every table. */
  owner: string;
  /** What the services connect with: a role that owns nothing and holds only the grants below. */
  service: string;
}

/**
 * Which URL migrates and which the services use. With MIGRATION_DATABASE_URL set, it is the
 * owner's and DATABASE_URL the services'. Without it, DATABASE_URL (or the local default) is the
 * owner's, and the services connect to the same database as DEFAULT_SERVICE_ROLE, without a
 * password (a local trust-auth Postgres); give both URLs where roles need passwords.
 */
export function databaseUrls(env: { MIGRATION_DATABASE_URL?: string; DATABASE_URL?: string }): DatabaseUrls {
  if (env.MIGRATION_DATABASE_URL) {
    return { owner: env.MIGRATION_DATABASE_URL, service: env.DATABASE_URL ?? withRole(env.MIGRATION_DATABASE_URL, DEFAULT_SERVICE_ROLE) };
  }
  const owner = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  return { owner, service: withRole(owner, DEFAULT_SERVICE_ROLE) };
}

/** The same database (every host of a multi-host URL) as another role, without a password. */
export function withRole(url: string, role: string): string {
  return withCredentials(url, role);
}

function roleOf(url: string): { name: string; password?: string } {
  const { user, password } = databaseCredentials(url);
  const name = user ?? 'postgres';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`the database role "${name}" must be lower-case letters, digits or '_'`);
  return { name, password };
}

/**
 * The services' role, created when missing (roles are cluster-wide and shared by every database:
 * created idempotently, never dropped) with what it needs on this database and nothing more: it
 * reads and writes rows, owns no table, cannot create one, and may only read and append to
 * audit_log (no UPDATE, DELETE or TRUNCATE). Run by the owner after every migration.
 */
export async function grantServiceRole(ownerUrl: string, serviceUrl: string): Promise<void> {
  const owner = roleOf(ownerUrl);
  const service = roleOf(serviceUrl);
  if (service.name === owner.name) throw new Error(`the services' role must not be the owner "${owner.name}": give DATABASE_URL a role of its own`);
  const database = databaseName(ownerUrl);
  const client = await connectClient(ownerUrl);
  try {
    const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [service.name]);
    if (!found.rowCount) {
      // With the URL's password, if it has one; a role that exists keeps its own (the owner may lack CREATEROLE).
      const [{ statement }] = (
        await client.query<{ statement: string }>(
          `SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', $1::text) || CASE WHEN $2::text IS NULL THEN '' ELSE format(' PASSWORD %L', $2::text) END AS statement`,
          [service.name, service.password ?? null],
        )
      ).rows;
      try {
        await client.query(statement);
      } catch (error) {
        // Another migrator (another database's test run) created it first.
        if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
      }
    }
    const role = `"${service.name}"`;
    await client.query('BEGIN');
    // One granter per database at a time: Postgres refuses concurrent GRANTs on one object.
    await client.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK]);
    await client.query(`GRANT CONNECT ON DATABASE "${database}" TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    // Postgres 15 and later grant PUBLIC no CREATE on the public schema; older servers do, and
    // the role would inherit it. (Only a warning where the owner may not revoke it.)
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await client.query(`REVOKE UPDATE, DELETE ON audit_log FROM ${role}`);
    // It may see which migrations ran (a tool finding nothing pending), never change the list.
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON sentinel_migrations FROM ${role}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON console_secret FROM ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Creates the database if needed and applies pending migrations, one migrator at a time, as the
 * owner; given the services' URL, then grants their role what it needs (grantServiceRole).
 */
export async function migrate(url: string, serviceUrl?: string): Promise<string[]> {
  await ensureDatabase(url);
  const lock = await connectClient(url);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      if (serviceUrl) await grantServiceRole(url, serviceUrl);
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
