import { forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationNodeDatum } from 'd3-force';
import { CIRCLE_MAX_NODES, circleLayout, type Layout, type LayoutEntity, type LayoutNode, nodeRadius, pairEdges, placeEdges, type PlacedNode } from './ring-layout';

/**
 * Ticks to rest, cooling at the rate that takes d3's default alpha from 1 to its minimum in that
 * many: 500 accounts settle in a few hundred milliseconds (each tick is O(n log n) with Barnes–Hut),
 * where d3's default 300 ticks take a second on a busy two-core machine.
 */
const TICKS = 60;
const ALPHA_DECAY = 1 - Math.pow(0.001, 1 / TICKS);

type SimNode = SimulationNodeDatum & LayoutNode;

/**
 * A force-directed layout (d3-force) for a ring grown past a readable circle: linked accounts pull
 * together, all others push apart, none overlap, the case's own account pinned at the centre. It runs
 * to rest before drawing, so a redraw never animates; d3-force's start positions and jiggle are
 * deterministic, so the same ring always lands the same way.
 */
export function forceLayout(nodes: LayoutNode[], entities: LayoutEntity[]): Layout {
  const sim: SimNode[] = nodes.map((n) => ({ ...n, ...(n.hop === 0 ? { fx: 0, fy: 0 } : {}) }));
  const onGraph = new Set(nodes.map((n) => n.accountId));
  const edges = pairEdges(onGraph, entities);
  const pairs = [...new Map(edges.map((e) => [`${e.from}\u0000${e.to}`, { source: e.from, target: e.to }])).values()];
  forceSimulation(sim)
    .alphaDecay(ALPHA_DECAY)
    .force(
      'link',
      forceLink<SimNode, { source: string; target: string }>(pairs)
        .id((n) => n.accountId)
        .distance(48),
    )
    .force('charge', forceManyBody<SimNode>().strength(-70).distanceMax(400))
    .force(
      'collide',
      forceCollide<SimNode>((n) => nodeRadius(n) + 6),
    )
    .stop()
    .tick(TICKS);
  const placed = sim.map((n): PlacedNode => {
    const [x, y] = [n.x ?? 0, n.y ?? 0];
    const r = nodeRadius(n);
    return { accountId: n.accountId, hop: n.hop, x, y, r, label: { x: x + r + 3, y: y + 4, anchor: 'start' } };
  });
  const radius = Math.ceil(Math.max(110, ...placed.map((n) => Math.hypot(n.x, n.y) + n.r)));
  return { radius, nodes: placed, edges: placeEdges(new Map(placed.map((n) => [n.accountId, n])), edges) };
}

/** The circle while it stays readable, the force layout beyond. */
export function ringLayout(nodes: LayoutNode[], entities: LayoutEntity[]): Layout {
  return nodes.length <= CIRCLE_MAX_NODES ? circleLayout(nodes, entities) : forceLayout(nodes, entities);
}
