/** Drawing order of the kinds, which also orders parallel edges between one pair. */
export const EDGE_KINDS = ['card', 'device', 'ip', 'merchant'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/**
 * Each kind by colour and by dash pattern, so that kinds read apart in greyscale, to a colour-blind
 * analyst and where two edges run side by side.
 */
export const EDGE_LOOK: Record<EdgeKind, { colour: string; dash: string | undefined }> = {
  card: { colour: '#b3261e', dash: undefined },
  device: { colour: '#1f5fbf', dash: '7 3' },
  ip: { colour: '#a15c00', dash: '2 3' },
  merchant: { colour: '#5b3f99', dash: '9 3 2 3' },
};

/** Space between two parallel edges of one pair, centre to centre. */
const EDGE_GAP = 5;
/** Clearance kept between an edge's stroke and any account's circle it does not link. */
const CLEARANCE = 3;
const MIN_RADIUS = 110;
const NODE_RADIUS = { own: 12, other: 9 };

export interface LayoutNode {
  accountId: string;
  hop: number;
}
export interface LayoutEntity {
  kind: EdgeKind;
  value: string;
  accounts: string[];
}
export interface PlacedNode extends LayoutNode {
  x: number;
  y: number;
  r: number;
  /** Where its label goes: outside the circle, pointing away from it. */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
}
export interface PlacedEdge {
  key: string;
  kind: EdgeKind;
  entity: LayoutEntity;
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Where the case's own account goes first, then each account it links, each followed by the
 * accounts linked through it: accounts that share things sit side by side, so their edges stay
 * short and the circle stays small.
 */
function order(nodes: LayoutNode[], entities: LayoutEntity[]): LayoutNode[] {
  const neighbours = new Map<string, Set<string>>();
  for (const e of entities) for (const a of e.accounts) for (const b of e.accounts) if (a !== b) neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
  const placed = new Set<string>();
  const sequence: LayoutNode[] = [];
  const place = (n: LayoutNode) => {
    if (placed.has(n.accountId)) return;
    placed.add(n.accountId);
    sequence.push(n);
  };
  const byHop = (hop: number) => nodes.filter((n) => n.hop === hop);
  byHop(0).forEach(place);
  for (const near of byHop(1)) {
    place(near);
    for (const far of byHop(2)) if (neighbours.get(near.accountId)?.has(far.accountId)) place(far);
  }
  nodes.forEach(place);
  return sequence;
}

/** How far a point lies from the segment a–b. */
function distanceToSegment(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Beyond this many accounts a circle needs a radius of thousands of pixels to keep chords clear: the force layout takes over. */
export const CIRCLE_MAX_NODES = 40;

/** Every pair sharing an entity gets an edge of that entity's kind; the edges of one pair, in kind order, each with its offset from the line between the centres. */
export function pairEdges(onGraph: Set<string>, entities: LayoutEntity[]) {
  const byPair = new Map<string, { kind: EdgeKind; entity: LayoutEntity; from: string; to: string }[]>();
  const kindRank = (kind: EdgeKind) => EDGE_KINDS.indexOf(kind);
  for (const entity of [...entities].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.value.localeCompare(b.value))) {
    const accounts = [...new Set(entity.accounts.filter((a) => onGraph.has(a)))].sort();
    accounts.forEach((from, i) =>
      accounts.slice(i + 1).forEach((to) => {
        const pair = `${from}\u0000${to}`;
        byPair.set(pair, [...(byPair.get(pair) ?? []), { kind: entity.kind, entity, from, to }]);
      }),
    );
  }
  return [...byPair.values()].flatMap((group) => group.map((e, i) => ({ ...e, offset: (i - (group.length - 1) / 2) * EDGE_GAP })));
}

/** The drawn edges between placed accounts, each shifted along the pair's normal by its offset. */
export function placeEdges(at: Map<string, PlacedNode>, edges: ReturnType<typeof pairEdges>): PlacedEdge[] {
  return edges.map((e): PlacedEdge => {
    const [a, b] = [at.get(e.from)!, at.get(e.to)!];
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    // The normal to a→b; the pair is ordered, so one pair's offsets all agree on which side is which.
    const [nx, ny] = [-(b.y - a.y) / length, (b.x - a.x) / length];
    return {
      key: `${e.kind}:${e.entity.value}:${e.from}:${e.to}`,
      kind: e.kind,
      entity: e.entity,
      from: e.from,
      to: e.to,
      x1: a.x + nx * e.offset,
      y1: a.y + ny * e.offset,
      x2: b.x + nx * e.offset,
      y2: b.y + ny * e.offset,
    };
  });
}

export const nodeRadius = (n: LayoutNode) => (n.hop === 0 ? NODE_RADIUS.own : NODE_RADIUS.other);

export interface Layout {
  radius: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/**
 * A circular layout of the ring: every account on one circle, the case's own at the top. A straight
 * edge between two points of a circle meets the circle nowhere else, so it cannot run through an
 * account; the radius is then grown until every edge, parallel offsets included, clears every
 * circle it does not link by a few pixels. Every pair sharing an entity gets an edge of that
 * entity's kind; the edges of one pair run side by side, never over each other.
 */
export function circleLayout(nodes: LayoutNode[], entities: LayoutEntity[]): Layout {
  const sequence = order(nodes, entities);
  const onGraph = new Set(sequence.map((n) => n.accountId));
  const unit = new Map(
    sequence.map((n, i) => {
      const angle = (2 * Math.PI * i) / sequence.length - Math.PI / 2;
      return [n.accountId, { x: Math.cos(angle), y: Math.sin(angle) }];
    }),
  );
  const edges = pairEdges(onGraph, entities);

  // Distances to a chord scale with the radius: the radius that clears every unrelated circle is
  // the largest clearance needed over the distance found on the unit circle.
  let radius = MIN_RADIUS;
  for (const e of edges) {
    const [a, b] = [unit.get(e.from)!, unit.get(e.to)!];
    for (const n of sequence) {
      if (n.accountId === e.from || n.accountId === e.to) continue;
      const away = distanceToSegment(unit.get(n.accountId)!, a, b);
      radius = Math.max(radius, (nodeRadius(n) + Math.abs(e.offset) + CLEARANCE) / away);
    }
  }
  radius = Math.ceil(radius);

  const placed = sequence.map((n): PlacedNode => {
    const u = unit.get(n.accountId)!;
    const r = nodeRadius(n);
    const out = radius + r + 5;
    const anchor = u.x > 0.3 ? 'start' : u.x < -0.3 ? 'end' : 'middle';
    // Labels above and below the circle sit clear of it: text grows up from its baseline.
    const lift = anchor === 'middle' ? (u.y > 0 ? 8 : -2) : 3;
    return { ...n, x: radius * u.x, y: radius * u.y, r, label: { x: out * u.x, y: out * u.y + lift, anchor } };
  });
  return { radius, nodes: placed, edges: placeEdges(new Map(placed.map((n) => [n.accountId, n])), edges) };
}
