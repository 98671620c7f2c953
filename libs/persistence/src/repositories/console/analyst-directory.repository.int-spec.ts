import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AnalystDirectoryRepository } from './analyst-directory.repository';

describe('AnalystDirectory, against Postgres', () => {
  let db: DataSource;
  const directory = new AnalystDirectoryRepository();

  beforeAll(async () => {
    db = await testDataSource();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('given an account, when looked up by id or by username, then the directory names it', async () => {
    const username = `dir-${randomUUID().slice(0, 8)}`;
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO analyst (username, display_name, role, password_hash, disabled) VALUES ($1, 'Dee', 'analyst', 'x', true) RETURNING id`,
      [username],
    );

    expect(await directory.idOf(db.manager, username)).toBe(id);
    expect(await directory.nameOf(db.manager, id)).toEqual({ username, display_name: 'Dee' });
    expect(await directory.stateOf(db.manager, id)).toEqual({ id, disabled: true });
  });

  it('given no such account, when looked up, then nothing comes back', async () => {
    expect(await directory.idOf(db.manager, `nobody-${randomUUID().slice(0, 8)}`)).toBeUndefined();
    expect(await directory.nameOf(db.manager, randomUUID())).toBeUndefined();
    expect(await directory.stateOf(db.manager, randomUUID())).toBeUndefined();
  });

  it('given analysts, one of them disabled, and an id of nobody, when their display names are read, then each analyst there is has theirs', async () => {
    const add = async (displayName: string, disabled: boolean) => {
      const [{ id }]: { id: string }[] = await db.query(
        `INSERT INTO analyst (username, display_name, role, password_hash, disabled) VALUES ($1, $2, 'analyst', 'x', $3) RETURNING id`,
        [`dir-${randomUUID().slice(0, 8)}`, displayName, disabled],
      );
      return id;
    };
    const ana = await add('Ana Li', false);
    const bo = await add('Bo Wang', true);

    expect(await directory.displayNames(db.manager, [ana, randomUUID(), bo])).toEqual(
      new Map([
        [ana, 'Ana Li'],
        [bo, 'Bo Wang'],
      ]),
    );
  });
});
