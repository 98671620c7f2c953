import { forceLayout, ringLayout } from '../../apps/console/web/src/components/force-layout';
import { CIRCLE_MAX_NODES, type LayoutEntity, type LayoutNode } from '../../apps/console/web/src/components/ring-layout';

/** A ring of `n` accounts: the case's own, rings of accounts sharing a device with their neighbour, every tenth on one IP. */
function bigRing(n: number): { nodes: LayoutNode[]; entities: LayoutEntity[] } {
  const nodes = Array.from({ length: n }, (_, i) => ({ accountId: `acct-${i}`, hop: i === 0 ? 0 : i < 12 ? 1 : 2 }));
  const entities: LayoutEntity[] = [];
  for (let i = 1; i < n; i++) entities.push({ kind: 'device', value: `dev-${i}`, accounts: [`acct-${i - 1}`, `acct-${i}`] });
  entities.push({ kind: 'ip', value: '198.51.100.7', accounts: nodes.filter((_, i) => i % 10 === 0).map((x) => x.accountId) });
  return { nodes, entities };
}

describe('the ring layout past a readable circle', () => {
  it('given a small ring, when laid out, then it stays on the circle', () => {
    const { nodes, entities } = bigRing(CIRCLE_MAX_NODES);
    const layout = ringLayout(nodes, entities);
    const radii = layout.nodes.map((n) => Math.round(Math.hypot(n.x, n.y)));
    expect(new Set(radii)).toEqual(new Set([layout.radius]));
  });

  it('given 500 accounts, when laid out, then every account has a place, none overlaps another, and every shared link is an edge', () => {
    const { nodes, entities } = bigRing(500);
    const layout = ringLayout(nodes, entities);
    expect(layout.nodes).toHaveLength(500);
    for (const n of layout.nodes) expect(Number.isFinite(n.x) && Number.isFinite(n.y)).toBe(true);
    // The case's own account is pinned at the centre.
    expect(layout.nodes.find((n) => n.hop === 0)).toMatchObject({ x: 0, y: 0 });
    // 499 device pairs and C(50, 2) pairs on the IP.
    expect(layout.edges).toHaveLength(499 + (50 * 49) / 2);
    let overlaps = 0;
    for (let i = 0; i < layout.nodes.length; i++)
      for (let j = i + 1; j < layout.nodes.length; j++) {
        const [a, b] = [layout.nodes[i], layout.nodes[j]];
        if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r) overlaps++;
      }
    expect(overlaps).toBe(0);
    expect(layout.radius).toBeGreaterThanOrEqual(Math.max(...layout.nodes.map((n) => Math.hypot(n.x, n.y))));
  });

  it('given the same ring twice, when laid out, then it lands the same way', () => {
    const { nodes, entities } = bigRing(120);
    expect(forceLayout(nodes, entities)).toEqual(forceLayout(nodes, entities));
  });
});
