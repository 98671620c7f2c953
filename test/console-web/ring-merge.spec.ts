import type { ApiSchema } from '../../apps/console/web/src/api-types';
import { mergeRings } from '../../apps/console/web/src/components/ring-merge';

type Ring = ApiSchema<'CaseRing'>;
const limits = { hops: 2, entitiesPerAccount: 12, accountsPerEntity: 8, maxNodes: 25 };
const noCut = { nodes: false, accounts: false, entities: false };
const entity = (kind: 'card' | 'device' | 'ip' | 'merchant', value: string, accounts: string[], hop: number, firstAt: string, lastAt: string) => ({
  kind,
  value,
  masked: value,
  hop,
  accounts,
  moreAccounts: false,
  firstAt,
  lastAt,
});
const node = (accountId: string, hop: number) => ({ accountId, hop, case: null });

// The case's account a, sharing a device with b; b's own ring reaches c through an IP, and sees the device later.
const base: Ring = {
  accountId: 'a',
  limits,
  truncated: noCut,
  nodes: [node('a', 0), node('b', 1)],
  entities: [entity('device', 'd1', ['a', 'b'], 1, '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z')],
};
const aroundB: Ring = {
  accountId: 'b',
  limits: { ...limits, hops: 1 },
  truncated: { ...noCut, accounts: true },
  nodes: [node('b', 0), node('a', 1), node('c', 1)],
  entities: [
    entity('device', 'd1', ['b', 'a'], 1, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'),
    entity('ip', '198.51.100.7', ['b', 'c'], 1, '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'),
  ],
};
const aroundC: Ring = {
  accountId: 'c',
  limits: { ...limits, hops: 1 },
  truncated: noCut,
  nodes: [node('c', 0), node('b', 1), node('e', 1)],
  entities: [entity('card', 'fp', ['c', 'e'], 1, '2026-10-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z')],
};

describe('expanding accounts of a ring', () => {
  it('given no expansion, when merged, then the ring is as fetched', () => {
    expect(mergeRings(base, [])).toBe(base);
  });

  it('given the ring around b, when merged, then c joins one hop beyond b and the shared device keeps its widest times', () => {
    const merged = mergeRings(base, [aroundB]);
    expect(merged.accountId).toBe('a');
    expect(merged.nodes.map((n) => [n.accountId, n.hop])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(merged.entities.find((e) => e.value === 'd1')).toMatchObject({ accounts: ['a', 'b'], hop: 1, firstAt: '2026-11-01T00:00:00.000Z', lastAt: '2026-12-01T00:00:00.000Z' });
    expect(merged.entities.find((e) => e.value === '198.51.100.7')).toMatchObject({ accounts: ['b', 'c'], hop: 2 });
    expect(merged.truncated.accounts).toBe(true);
    // The fetched ring itself is left as it was.
    expect(base.nodes).toHaveLength(2);
  });

  it('given b and then c expanded, when merged in either order, then the same accounts and links show', () => {
    const summary = (r: Ring) => ({
      nodes: r.nodes.map((n) => n.accountId).sort(),
      links: r.entities.map((e) => `${e.kind}:${e.value}:${[...e.accounts].sort().join(',')}`).sort(),
    });
    expect(summary(mergeRings(base, [aroundB, aroundC]))).toEqual(summary(mergeRings(base, [aroundC, aroundB])));
    expect(summary(mergeRings(base, [aroundB, aroundC])).nodes).toEqual(['a', 'b', 'c', 'e']);
  });
});
