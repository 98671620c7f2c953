import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AnalystDirectoryRepository } from './analyst-directory.repository';

describe('the analyst directory against Postgres', () => {
  let db: DataSource;
  const analysts = new AnalystDirectoryRepository();
  beforeAll(async () => (db = await testDataSource()));
  afterAll(() => db?.destroy());

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

    expect(await analysts.displayNames(db.manager, [ana, randomUUID(), bo])).toEqual(
      new Map([
        [ana, 'Ana Li'],
        [bo, 'Bo Wang'],
      ]),
    );
  });
});
