import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

describe('TeamViews migration against Postgres', () => {
  const db = isolatedDataSource();

  const columns = async () =>
    (
      await db().query<{ column_name: string }[]>(
        `SELECT table_name || '.' || column_name AS column_name FROM information_schema.columns
          WHERE (table_name, column_name) IN (('analyst', 'team'), ('saved_filter', 'visibility')) ORDER BY 1`,
      )
    ).map((c) => c.column_name);

  it('puts analysts in teams and saved filters private by default, only private or team; and reverts', async () => {
    await revertThrough(db(), 'TeamViews1765750000000');
    expect(await columns()).toEqual([]);
    await db().runMigrations();
    expect(await columns()).toEqual(['analyst.team', 'saved_filter.visibility']);
    const [analyst] = await db().query<{ id: string }[]>(
      `INSERT INTO analyst (id, username, display_name, password_hash, role, team) VALUES ($1, $2, 'Ana', 'x', 'analyst', 'north') RETURNING id`,
      [randomUUID(), `ana-${randomUUID().slice(0, 8)}`],
    );
    const [filter] = await db().query<{ visibility: string }[]>(`INSERT INTO saved_filter (analyst_id, name, query) VALUES ($1, 'late', 'sla=over') RETURNING visibility`, [
      analyst.id,
    ]);
    expect(filter.visibility).toBe('private');
    await expect(db().query(`INSERT INTO saved_filter (analyst_id, name, query, visibility) VALUES ($1, 'all', '', 'everyone')`, [analyst.id])).rejects.toThrow(/check constraint/);
    await revertThrough(db(), 'TeamViews1765750000000');
    expect(await columns()).toEqual([]);
    await db().runMigrations();
  });
});
