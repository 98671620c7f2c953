import { isolatedDataSource } from '@sentinel/testing';
import { AnalystAccountsRepository } from './analyst-accounts.repository';

/** The accounts as admins manage them, on a database of its own: the first test needs no account at all. */
describe('AnalystAccounts, against Postgres', () => {
  const db = isolatedDataSource();
  const accounts = () => new AnalystAccountsRepository(db());
  const add = (username: string, role: 'analyst' | 'supervisor' | 'admin' = 'analyst') =>
    db().transaction((tx) => accounts().add(tx, { username, displayName: username.toUpperCase(), role, passwordHash: `hash-of-${username}` }));
  const stored = async (id: string) =>
    (
      await db().query<{ password_hash: string; failed_logins: number; locked: boolean; password_changed_at: Date }[]>(
        `SELECT password_hash, failed_logins, locked_until IS NOT NULL AS locked, password_changed_at FROM analyst WHERE id = $1`,
        [id],
      )
    )[0];

  it('given no account, when asked whether any exists, then it says no; and yes once one is added', async () => {
    expect(await accounts().any()).toBe(false);

    await add('first');

    expect(await accounts().any()).toBe(true);
  });

  it('given an account, when another is added under its username, then nothing is added and no id comes back', async () => {
    const id = await add('taken');

    expect(id).toEqual(expect.any(String));
    expect(await add('taken')).toBeUndefined();
    expect(await db().query(`SELECT count(*)::int AS n FROM analyst WHERE username = 'taken'`)).toEqual([{ n: 1 }]);
  });

  it('given accounts added out of order, when listed, then they come by username, without their password hash', async () => {
    await add('zed');
    await add('amy', 'supervisor');

    const usernames = (await accounts().list()).map((a) => a.username);

    expect(usernames).toEqual([...usernames].sort());
    expect(usernames).toEqual(expect.arrayContaining(['amy', 'zed']));
    const amy = (await accounts().list()).find((a) => a.username === 'amy');
    expect(amy).toMatchObject({ displayName: 'AMY', role: 'supervisor', disabled: false });
    expect(amy?.passwordHash).toBeUndefined();
  });

  it('given an account, when locked, then it is returned, and null for an unknown id', async () => {
    const id = (await add('lockable'))!;

    await db().transaction(async (tx) => {
      expect(await accounts().lock(tx, id)).toMatchObject({ id, username: 'lockable' });
      expect(await accounts().lock(tx, '00000000-0000-4000-8000-000000000000')).toBeNull();
    });
  });

  it('given an account, when only its role changes, then the other fields, its password and its failed logins stay', async () => {
    const id = (await add('promoted'))!;
    await db().query(`UPDATE analyst SET failed_logins = 2 WHERE id = $1`, [id]);
    const before = await stored(id);

    await db().transaction((tx) => accounts().change(tx, id, { role: 'supervisor' }));

    expect(await db().transaction((tx) => accounts().get(tx, id))).toMatchObject({ displayName: 'PROMOTED', role: 'supervisor', disabled: false });
    expect(await stored(id)).toEqual(before);
  });

  it('given an account locked by failed logins, when an admin sets a new password, then the lock and the failures are cleared', async () => {
    const id = (await add('forgetful'))!;
    await db().query(`UPDATE analyst SET failed_logins = 5, locked_until = now() + interval '15 minutes' WHERE id = $1`, [id]);
    const before = await stored(id);

    await db().transaction((tx) => accounts().change(tx, id, { passwordHash: 'new-hash', disabled: true, displayName: 'Forgetful' }));

    const after = await stored(id);
    expect(after).toMatchObject({ password_hash: 'new-hash', failed_logins: 0, locked: false });
    expect(after.password_changed_at.getTime()).toBeGreaterThanOrEqual(before.password_changed_at.getTime());
    expect(await db().transaction((tx) => accounts().get(tx, id))).toMatchObject({ displayName: 'Forgetful', disabled: true });
  });

  it('given no such account, when got, then it throws', async () => {
    await expect(db().transaction((tx) => accounts().get(tx, '00000000-0000-4000-8000-000000000000'))).rejects.toThrow();
  });
});
