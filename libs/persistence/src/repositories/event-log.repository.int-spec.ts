import { eventContentHash } from '@sentinel/contracts';
import { anEvent, testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventLogRepository } from './event-log.repository';

describe('EventLogRepository.recordEvents against Postgres', () => {
  let dataSource: DataSource;
  const log = new EventLogRepository();
  const record = (events: ReturnType<typeof anEvent>[], seqs: number[]) => dataSource.transaction((db) => log.recordEvents(db, events, seqs));
  const stored = (accountIds: string[]) =>
    dataSource.query<{ account_id: string; id: string; type: string; account_seq: string }[]>(
      `SELECT account_id, id, type, account_seq FROM account_event WHERE account_id = ANY($1) ORDER BY account_id, account_seq`,
      [accountIds],
    );

  beforeAll(async () => {
    dataSource = await testDataSource();
  });
  afterAll(() => dataSource.destroy());

  it('records one id on two accounts as two events', async () => {
    // In the order the query sorts them.
    const [a, b] = [`acc-${randomUUID().slice(0, 8)}`, `acc-${randomUUID().slice(0, 8)}`].sort();
    const id = `evt-${randomUUID()}`;
    expect(await record([anEvent('device.login', { id, accountId: b })], [1])).toEqual([{ kind: 'new' }]);
    expect(await record([anEvent('card.unbound', { id, accountId: a })], [1])).toEqual([{ kind: 'new' }]);
    expect(await stored([a, b])).toEqual([
      { account_id: a, id, type: 'card.unbound', account_seq: '1' },
      { account_id: b, id, type: 'device.login', account_seq: '1' },
    ]);
  });

  it('says redelivered for the same content and conflict, with both hashes, for other content; the recorded event stands', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const first = anEvent('device.login', { accountId });
    const other = anEvent('password.reset', { id: first.id, accountId });
    await record([first], [1]);
    expect(await record([{ ...first }, other, anEvent('device.login', { accountId, id: 'fresh' })], [2, 3, 4])).toEqual([
      { kind: 'redelivered' },
      { kind: 'conflict', hash: eventContentHash(other), recordedHash: eventContentHash(first) },
      { kind: 'new' },
    ]);
    expect((await stored([accountId])).map((r) => [r.id, r.type, r.account_seq])).toEqual([
      [first.id, 'device.login', '1'],
      ['fresh', 'device.login', '4'],
    ]);
  });

  it('inserts the first of one key twice in a batch, and decides the second against it', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const first = anEvent('device.login', { accountId });
    const other = anEvent('password.reset', { id: first.id, accountId });
    expect(await record([first, first, other], [1, 2, 3])).toEqual([
      { kind: 'new' },
      { kind: 'redelivered' },
      { kind: 'conflict', hash: eventContentHash(other), recordedHash: eventContentHash(first) },
    ]);
    expect((await stored([accountId])).map((r) => [r.id, r.type])).toEqual([[first.id, 'device.login']]);
  });
});
