import type { EntityKind } from '@sentinel/rules';

export interface RingLimits {
  hops: 1 | 2;
  /** Entities followed out of each account. */
  entitiesPerAccount: number;
  /** Accounts followed out of each entity: a carrier's IP may tie thousands. */
  accountsPerEntity: number;
  /** Accounts on the graph, the case's own included. */
  maxNodes: number;
}

export const RING_LIMITS: RingLimits = { hops: 2, entitiesPerAccount: 12, accountsPerEntity: 8, maxNodes: 25 };
/** The most accounts one request may ask for: what the page still draws within a second. */
export const RING_MAX_NODES = 500;

export interface RingEntity {
  kind: EntityKind;
  value: string;
}

/** How the ring reads what it expands; each lookup may return one more than asked, which says there is more. */
export interface RingLookups {
  entitiesOf(accountIds: string[], limit: number): Promise<Map<string, RingEntity[]>>;
  accountsOf(entities: RingEntity[], limit: number): Promise<Map<string, string[]>>;
}

export interface RingGraph {
  nodes: { accountId: string; hop: number }[];
  entities: (RingEntity & { hop: number; accounts: string[]; moreAccounts: boolean })[];
  truncated: { entities: boolean; accounts: boolean; nodes: boolean };
}

export const entityKey = (e: RingEntity) => `${e.kind}\u0000${e.value}`;

/**
 * Expands a ring out from one account, hop by hop, never past the limits: each cut is recorded so
 * the page can say the picture is incomplete. Breadth-first, so the accounts nearest the case are
 * the ones kept when the node budget runs out.
 */
export async function expandRing(center: string, lookups: RingLookups, limits: RingLimits = RING_LIMITS): Promise<RingGraph> {
  const nodes = new Map<string, number>([[center, 0]]);
  const entities = new Map<string, RingGraph['entities'][number]>();
  const truncated = { entities: false, accounts: false, nodes: false };
  let frontier = [center];
  for (let hop = 1; hop <= limits.hops && frontier.length > 0; hop++) {
    const owned = await lookups.entitiesOf(frontier, limits.entitiesPerAccount + 1);
    const fresh: RingEntity[] = [];
    for (const accountId of frontier) {
      const list = owned.get(accountId) ?? [];
      if (list.length > limits.entitiesPerAccount) truncated.entities = true;
      for (const entity of list.slice(0, limits.entitiesPerAccount)) {
        const key = entityKey(entity);
        const known = entities.get(key);
        if (known) {
          if (!known.accounts.includes(accountId)) known.accounts.push(accountId);
          continue;
        }
        entities.set(key, { kind: entity.kind, value: entity.value, hop, accounts: [accountId], moreAccounts: false });
        fresh.push(entity);
      }
    }
    const linked = fresh.length ? await lookups.accountsOf(fresh, limits.accountsPerEntity + 1) : new Map<string, string[]>();
    const next: string[] = [];
    for (const entity of fresh) {
      const shown = entities.get(entityKey(entity))!;
      const accounts = linked.get(entityKey(entity)) ?? [];
      if (accounts.length > limits.accountsPerEntity) {
        truncated.accounts = true;
        shown.moreAccounts = true;
      }
      for (const accountId of accounts.slice(0, limits.accountsPerEntity)) {
        if (!nodes.has(accountId)) {
          if (nodes.size >= limits.maxNodes) {
            truncated.nodes = true;
            continue;
          }
          nodes.set(accountId, hop);
          next.push(accountId);
        }
        if (!shown.accounts.includes(accountId)) shown.accounts.push(accountId);
      }
    }
    frontier = next;
  }
  return {
    nodes: [...nodes].map(([accountId, hop]) => ({ accountId, hop })),
    entities: [...entities.values()],
    truncated,
  };
}
