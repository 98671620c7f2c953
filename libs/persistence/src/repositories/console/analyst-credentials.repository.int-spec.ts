import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AnalystCredentialsRepository } from './analyst-credentials.repository';

const LOCKOUT = { maxFailures: 3, lockSeconds: 900 };

/** Failed logins and passwords, each test on an account of its own. */
describe('AnalystCredentials, against Postgres', () => {
  let db: DataSource;
  let credentials: AnalystCredentialsRepository;

  beforeAll(async () => {
    db = await testDataSource();
    credentials = new AnalystCredentialsRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const anAccount = async () => {
    const username = `cred-${randomUUID().slice(0, 8)}`;
    const [{ id }] = await db.query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, 'Cred', 'analyst', 'the-hash') RETURNING id`, [
      username,
    ]);
    return { id, username };
  };
  const state = async (id: string) =>
    (await db.query<{ failed_logins: number; locked: boolean }[]>(`SELECT failed_logins, locked_until IS NOT NULL AS locked FROM analyst WHERE id = $1`, [id]))[0];

  it('given an account, when attempts are counted, then each one is a failure until the last allowed locks it, and a locked account answers as an unknown one', async () => {
    const { id, username } = await anAccount();

    expect(await credentials.countAttempt(username, LOCKOUT)).toEqual({ id, username, display_name: 'Cred', role: 'analyst', disabled: false, password_hash: 'the-hash' });
    expect(await state(id)).toEqual({ failed_logins: 1, locked: false });
    expect(await credentials.isLocked(id)).toBe(false);
    await credentials.countAttempt(username, LOCKOUT);
    expect(await credentials.countAttempt(username, LOCKOUT)).toMatchObject({ id });

    expect(await state(id)).toEqual({ failed_logins: 3, locked: true });
    expect(await credentials.isLocked(id)).toBe(true);
    expect(await credentials.countAttempt(username, LOCKOUT)).toBeUndefined();
    expect(await state(id)).toEqual({ failed_logins: 3, locked: true });
  });

  it('given an account whose lock has run out, when an attempt is counted, then it counts as the first failure again and the lock goes', async () => {
    const { id, username } = await anAccount();
    await db.query(`UPDATE analyst SET failed_logins = 3, locked_until = now() - interval '1 second' WHERE id = $1`, [id]);

    expect(await credentials.countAttempt(username, LOCKOUT)).toMatchObject({ id });

    expect(await state(id)).toEqual({ failed_logins: 1, locked: false });
  });

  it('given an unknown username, when an attempt is counted, then nothing comes back', async () => {
    expect(await credentials.countAttempt(`nobody-${randomUUID().slice(0, 8)}`, LOCKOUT)).toBeUndefined();
  });

  it('given failed attempts, when a login succeeds, then they no longer count', async () => {
    const { id, username } = await anAccount();
    await credentials.countAttempt(username, LOCKOUT);
    await credentials.countAttempt(username, LOCKOUT);

    await db.transaction((tx) => credentials.loggedIn(tx, id));

    expect(await state(id)).toEqual({ failed_logins: 0, locked: false });
  });

  it('given a locked account, when its password is set, then it holds the new hash and is unlocked', async () => {
    const { id } = await anAccount();
    await db.query(`UPDATE analyst SET failed_logins = 3, locked_until = now() + interval '1 hour', password_changed_at = now() - interval '1 day' WHERE id = $1`, [id]);

    await db.transaction((tx) => credentials.setPassword(tx, id, 'next-hash'));

    expect(await credentials.passwordHashOf(id)).toBe('next-hash');
    expect(await state(id)).toEqual({ failed_logins: 0, locked: false });
    const [{ recent }] = await db.query<{ recent: boolean }[]>(`SELECT password_changed_at > now() - interval '1 minute' AS recent FROM analyst WHERE id = $1`, [id]);
    expect(recent).toBe(true);
  });

  it('given an unknown id, when its password hash is asked for, then there is none', async () => {
    expect(await credentials.passwordHashOf(randomUUID())).toBeUndefined();
  });
});
