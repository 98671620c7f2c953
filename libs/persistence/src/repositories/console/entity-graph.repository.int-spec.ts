import type { EntityLink } from '@sentinel/rules';
import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EntityIndexRepository } from '../entity-index.repository';
import { EntityGraphRepository } from './entity-graph.repository';

/**
 * The entity index as the console follows it, on links the detector's own writer records. Every
 * account, device and IP carries the run's tag, so other suites' links in the database are not seen.
 */
describe('EntityGraph, against Postgres', () => {
  let db: DataSource;
  let graph: EntityGraphRepository;
  const tag = randomUUID().slice(0, 8);
  const net = `2001:DB8:${tag.slice(0, 4)}:`;
  const ip = `${net}5::1`;
  const device = `phone-${tag}`;
  const [a1, a2, a3] = ['a1', 'a2', 'a3'].map((name) => `${tag}-${name}`);

  const link = (kind: EntityLink['kind'], value: string, accountId: string, day: number, change: Partial<EntityLink> = {}): EntityLink => ({
    kind,
    value,
    accountId,
    eventId: randomUUID(),
    eventType: 'device.login',
    at: new Date(Date.UTC(2026, 9, day, 10)).toISOString(),
    sensitive: false,
    ...change,
  });

  beforeAll(async () => {
    db = await testDataSource();
    graph = new EntityGraphRepository(db);
    // Judged by no ring rule: nothing is queued for a detector's roll-up; one link per entity, account and day is kept.
    await db.transaction((tx) =>
      new EntityIndexRepository().record(
        tx,
        [
          link('ip', ip, a1, 1),
          link('ip', ip, a1, 2, { eventType: 'card.bound', sensitive: true }),
          link('ip', ip, a2, 5),
          link('device', device, a1, 3),
          link('device', device, a3, 4),
        ],
        () => false,
      ),
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('given an IP two accounts used, when its accounts are asked for, then the newest comes first, each with how and when', async () => {
    expect(await graph.accountsLinkedTo({ kind: 'ip', value: ip }, 10)).toEqual([
      { accountId: a2, events: 1, sensitiveActions: 0, eventTypes: ['device.login'], firstAt: '2026-10-05T10:00:00.000Z', lastAt: '2026-10-05T10:00:00.000Z' },
      { accountId: a1, events: 2, sensitiveActions: 1, eventTypes: ['card.bound', 'device.login'], firstAt: '2026-10-01T10:00:00.000Z', lastAt: '2026-10-02T10:00:00.000Z' },
    ]);
    expect((await graph.accountsLinkedTo({ kind: 'ip', value: ip }, 1)).map((a) => a.accountId)).toEqual([a2]);
    expect(await graph.accountsLinkedTo({ kind: 'ip', value: `${net}6::1` }, 10)).toEqual([]);
  });

  it('given an IP stored in capitals, when IPs are asked for by its prefix in either case, then it is found', async () => {
    expect(await graph.ipsStartingWith(net)).toEqual([ip]);
    expect(await graph.ipsStartingWith(net.toLowerCase())).toEqual([ip]);
    expect(await graph.ipsStartingWith(`${net}6:`)).toEqual([]);
  });

  it('given accounts with several entities, when their entities are asked for, then each gets its most recently linked up to the limit', async () => {
    const entities = await graph.entitiesOf([a1, a3], 1);

    expect(entities).toEqual(
      expect.arrayContaining([
        { accountId: a1, kind: 'device', value: device },
        { accountId: a3, kind: 'device', value: device },
      ]),
    );
    expect(entities).toHaveLength(2);
    expect(await graph.entitiesOf([a1], 5)).toEqual([
      { accountId: a1, kind: 'device', value: device },
      { accountId: a1, kind: 'ip', value: ip },
    ]);
  });

  it('given entities with several accounts, when their accounts are asked for, then each gets its most recently linked up to the limit', async () => {
    const accounts = await graph.accountsOf(
      [
        { kind: 'ip', value: ip },
        { kind: 'device', value: device },
      ],
      1,
    );

    expect(accounts).toEqual(
      expect.arrayContaining([
        { kind: 'ip', value: ip, accountId: a2 },
        { kind: 'device', value: device, accountId: a3 },
      ]),
    );
    expect(accounts).toHaveLength(2);
    expect(await graph.accountsOf([{ kind: 'device', value: device }], 5)).toEqual([
      { kind: 'device', value: device, accountId: a3 },
      { kind: 'device', value: device, accountId: a1 },
    ]);
  });
});
