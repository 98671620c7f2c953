import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LiveSessionsRepository } from './live-sessions.repository';

/** Analyst sessions, each test on an account and tokens of its own. */
describe('LiveSessions, against Postgres', () => {
  let db: DataSource;
  let sessions: LiveSessionsRepository;

  beforeAll(async () => {
    db = await testDataSource();
    sessions = new LiveSessionsRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const anAnalyst = async () => {
    const username = `sess-${randomUUID().slice(0, 8)}`;
    const [{ id }] = await db.query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, 'Sess', 'supervisor', 'x') RETURNING id`, [
      username,
    ]);
    return { id, username };
  };
  const open = (analystId: string, ttlSeconds = 3600) => {
    const tokenHash = `hash-${randomUUID()}`;
    return db.transaction((tx) => sessions.open(tx, { tokenHash, analystId, ttlSeconds, ip: '10.0.0.1', userAgent: 'jest' })).then(() => tokenHash);
  };
  const lastSeen = (tokenHash: string, ago: string) => db.query(`UPDATE analyst_session SET last_seen_at = now() - $2::interval WHERE token_hash = $1`, [tokenHash, ago]);

  it('given a session just opened, when resolved, then its analyst comes back, not stale, with what the login recorded', async () => {
    const { id, username } = await anAnalyst();
    const token = await open(id);

    expect(await sessions.resolve(token, 1800)).toEqual({ id, username, display_name: 'Sess', role: 'supervisor', disabled: false, stale: false });
    expect(await db.query(`SELECT ip, user_agent FROM analyst_session WHERE token_hash = $1`, [token])).toEqual([{ ip: '10.0.0.1', user_agent: 'jest' }]);
  });

  it('given a session last seen two minutes ago, when resolved, then it is stale; and touched, it is not', async () => {
    const { id } = await anAnalyst();
    const token = await open(id);
    await lastSeen(token, '2 minutes');

    expect(await sessions.resolve(token, 1800)).toMatchObject({ id, stale: true });
    await sessions.touch(token);
    expect(await sessions.resolve(token, 1800)).toMatchObject({ id, stale: false });
  });

  it('given a session idle too long or expired, when resolved, then nothing comes back', async () => {
    const { id } = await anAnalyst();
    const idle = await open(id);
    await lastSeen(idle, '31 minutes');
    const expired = await open(id, -1);

    expect(await sessions.resolve(idle, 1800)).toBeUndefined();
    expect(await sessions.resolve(expired, 1800)).toBeUndefined();
    expect(await sessions.resolve('no-such-hash', 1800)).toBeUndefined();
  });

  it('given a disabled analyst, when the session is resolved, then it says so, and the session is not live', async () => {
    const { id } = await anAnalyst();
    const token = await open(id);
    await db.query(`UPDATE analyst SET disabled = true WHERE id = $1`, [id]);

    expect(await sessions.resolve(token, 1800)).toMatchObject({ id, disabled: true });
    expect(await sessions.live([token])).toEqual([]);
  });

  it('given three sessions of one analyst, when all but one are ended, then only that one is live; and ended, none is', async () => {
    const { id } = await anAnalyst();
    const [kept, other, third] = [await open(id), await open(id), await open(id)];
    const elsewhere = await open((await anAnalyst()).id);

    await db.transaction((tx) => sessions.endAllOf(tx, id, kept));
    expect(await sessions.live([kept, other, third, elsewhere])).toEqual(expect.arrayContaining([kept, elsewhere]));
    expect(await sessions.live([kept, other, third, elsewhere])).toHaveLength(2);

    await db.transaction((tx) => sessions.end(tx, kept));
    expect(await sessions.live([kept, other, third, elsewhere])).toEqual([elsewhere]);
  });

  it('given sessions of an analyst, when all of them are ended, then none is live', async () => {
    const { id } = await anAnalyst();
    const tokens = [await open(id), await open(id)];

    await db.transaction((tx) => sessions.endAllOf(tx, id));

    expect(await sessions.live(tokens)).toEqual([]);
  });
});
