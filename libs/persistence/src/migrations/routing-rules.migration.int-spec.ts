import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

describe('RoutingRules migration against Postgres', () => {
  const db = isolatedDataSource();

  const exists = async () => (await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'routing_rule'`))[0].n === 1;

  it('adds the assignment rules, one analyst per match, only known kinds; and reverts', async () => {
    await revertThrough(db(), 'RoutingRules1765712400000');
    expect(await exists()).toBe(false);
    await db().runMigrations();
    expect(await exists()).toBe(true);
    const [analyst] = await db().query<{ id: string }[]>(
      `INSERT INTO analyst (id, username, display_name, password_hash, role) VALUES ($1, $2, 'Ana', 'x', 'analyst') RETURNING id`,
      [randomUUID(), `ana-${randomUUID().slice(0, 8)}`],
    );
    const rule = (kind: string, value: string) =>
      db().query(`INSERT INTO routing_rule (id, kind, value, analyst_id, created_by) VALUES ($1, $2, $3, $4, 'analyst:sam')`, [randomUUID(), kind, value, analyst.id]);
    await rule('band', '80-100');
    await expect(rule('band', '80-100')).rejects.toThrow(/duplicate key/);
    await expect(rule('phone', '+86')).rejects.toThrow(/check constraint/);
    await revertThrough(db(), 'RoutingRules1765712400000');
    expect(await exists()).toBe(false);
    await db().runMigrations();
  });
});
