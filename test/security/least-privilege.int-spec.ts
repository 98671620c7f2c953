import { databaseUrls, grantServiceRole } from '@sentinel/persistence';
import { testDataSource, testEnv } from '@sentinel/testing';
import type { DataSource } from 'typeorm';

/** The services connect as a role that owns no table, holds only row grants, and may only read and append to audit_log. */
describe('security: least privilege in Postgres', () => {
  let service: DataSource;

  beforeAll(async () => {
    service = await testDataSource();
  });
  afterAll(() => service?.destroy());

  /** Runs `sql` in a transaction that is rolled back, so a statement that should fail cannot change the shared database if it succeeds. */
  async function attempt(sql: string): Promise<unknown> {
    const runner = service.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(sql);
      return 'succeeded';
    } catch (error) {
      return error;
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('connects as a role that is neither superuser nor owner of any table', async () => {
    const [me]: { name: string; superuser: boolean; createrole: boolean; createdb: boolean }[] = await service.query(
      `SELECT current_user AS name, rolsuper AS superuser, rolcreaterole AS createrole, rolcreatedb AS createdb FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me).toEqual({ name: new URL(testEnv().databaseUrl).username, superuser: false, createrole: false, createdb: false });
    const [{ owned }]: { owned: number }[] = await service.query(
      `SELECT count(*)::int AS owned FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
    );
    expect(owned).toBe(0);
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET actor = actor`],
    ['DELETE', `DELETE FROM audit_log`],
    ['TRUNCATE', `TRUNCATE audit_log`],
  ])('refuses %s on audit_log', async (_what, sql) => {
    expect(await attempt(sql)).toMatchObject({ message: expect.stringMatching(/permission denied for table audit_log/) as unknown });
  });

  it.each([
    ['creating a table', `CREATE TABLE intruder (id int)`],
    ['changing a table', `ALTER TABLE fraud_case ADD COLUMN intruder int`],
    ['dropping the append-only trigger', `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`],
    ['truncating another table', `TRUNCATE fraud_case CASCADE`],
    ['rewriting the migration history', `DELETE FROM sentinel_migrations`],
    ['changing the IP mask key', `UPDATE console_secret SET value = 'known'`],
  ])('refuses %s', async (_what, sql) => {
    expect(await attempt(sql)).toMatchObject({ message: expect.stringMatching(/permission denied|must be owner/) as unknown });
  });

  it('does its ordinary work: reads and appends to the audit log, writes rows', async () => {
    await service.query(`INSERT INTO audit_log (actor, action, entity_type, entity_id) VALUES ('test:least-privilege', 'checked', 'test', '1')`);
    const [{ n }]: { n: number }[] = await service.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor = 'test:least-privilege'`);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(await attempt(`UPDATE fraud_case SET updated_at = updated_at`)).toBe('succeeded');
  });

  it('grants again idempotently, from several migrators at once, and refuses to serve as the owner', async () => {
    const { ownerDatabaseUrl, databaseUrl } = testEnv();
    await Promise.all([1, 2, 3].map(() => grantServiceRole(ownerDatabaseUrl, databaseUrl)));
    await expect(grantServiceRole(ownerDatabaseUrl, ownerDatabaseUrl)).rejects.toThrow(/must not be the owner/);
    expect(databaseUrls({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' })).toEqual({
      owner: 'postgres://postgres@127.0.0.1:5432/x',
      service: 'postgres://sentinel_service@127.0.0.1:5432/x',
    });
  });
});
