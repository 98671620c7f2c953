import { entityKey, expandRing, type RingEntity, type RingLookups } from './ring-bounds';

/** An entity index as plain data: which entities each account has, newest first. */
function indexOf(links: Record<string, RingEntity[]>): RingLookups & { calls: number } {
  const lookups = {
    calls: 0,
    entitiesOf: (accountIds: string[], limit: number) => {
      lookups.calls++;
      return Promise.resolve(new Map(accountIds.map((a) => [a, (links[a] ?? []).slice(0, limit)])));
    },
    accountsOf: (entities: RingEntity[], limit: number) => {
      lookups.calls++;
      return Promise.resolve(
        new Map(
          entities.map((e) => [
            entityKey(e),
            Object.keys(links)
              .filter((a) => links[a].some((x) => entityKey(x) === entityKey(e)))
              .slice(0, limit),
          ]),
        ),
      );
    },
  };
  return lookups;
}

const device = (value: string): RingEntity => ({ kind: 'device', value });
const ip = (value: string): RingEntity => ({ kind: 'ip', value });

describe('the ring around a case', () => {
  it('follows shared entities two hops out and no further', async () => {
    const ring = await expandRing('a', indexOf({ a: [device('rig')], b: [device('rig'), ip('10.0.0.1')], c: [ip('10.0.0.1'), device('far')], d: [device('far')] }), {
      hops: 2,
      entitiesPerAccount: 10,
      accountsPerEntity: 10,
      maxNodes: 10,
    });
    expect(ring.nodes).toEqual([
      { accountId: 'a', hop: 0 },
      { accountId: 'b', hop: 1 },
      { accountId: 'c', hop: 2 },
    ]);
    expect(ring.entities.find((e) => e.value === '10.0.0.1')).toMatchObject({ hop: 2, accounts: ['b', 'c'] });
    expect(ring.truncated).toEqual({ entities: false, accounts: false, nodes: false });
  });

  it('one hop stays with the accounts sharing the case account’s own entities', async () => {
    const ring = await expandRing('a', indexOf({ a: [device('rig')], b: [device('rig'), ip('x')], c: [ip('x')] }), {
      hops: 1,
      entitiesPerAccount: 10,
      accountsPerEntity: 10,
      maxNodes: 10,
    });
    expect(ring.nodes.map((n) => n.accountId)).toEqual(['a', 'b']);
  });

  it('a hot IP shared by thousands adds only its first accounts and says it was cut', async () => {
    const links: Record<string, RingEntity[]> = { a: [ip('carrier-nat')] };
    for (let i = 0; i < 5000; i++) links[`n${i}`] = [ip('carrier-nat'), device(`phone-${i}`)];
    const index = indexOf(links);
    const ring = await expandRing('a', index, { hops: 2, entitiesPerAccount: 5, accountsPerEntity: 8, maxNodes: 25 });
    expect(ring.nodes.length).toBeLessThanOrEqual(25);
    expect(ring.nodes.length).toBe(8);
    expect(ring.entities.find((e) => e.value === 'carrier-nat')).toMatchObject({ moreAccounts: true });
    expect(ring.truncated.accounts).toBe(true);
    // Two lookups a hop, whatever the ring's size.
    expect(index.calls).toBe(4);
  });

  it('stops adding accounts at the node budget, nearest first', async () => {
    const links: Record<string, RingEntity[]> = { a: [device('d0'), device('d1')] };
    for (let i = 0; i < 6; i++) links[`b${i}`] = [device('d0'), ip(`ip-${i}`)];
    for (let i = 0; i < 6; i++) links[`c${i}`] = [ip(`ip-${i}`)];
    const ring = await expandRing('a', indexOf(links), { hops: 2, entitiesPerAccount: 10, accountsPerEntity: 10, maxNodes: 9 });
    expect(ring.nodes).toHaveLength(9);
    expect(ring.nodes.filter((n) => n.hop === 1)).toHaveLength(6);
    expect(ring.truncated.nodes).toBe(true);
  });

  it('an account with more entities than the limit follows only the first and says so', async () => {
    const ring = await expandRing('a', indexOf({ a: [device('1'), device('2'), device('3')] }), { hops: 1, entitiesPerAccount: 2, accountsPerEntity: 5, maxNodes: 5 });
    expect(ring.entities.map((e) => e.value)).toEqual(['1', '2']);
    expect(ring.truncated.entities).toBe(true);
  });
});
