import type { ApiSchema } from '../api-types';

type Ring = ApiSchema<'CaseRing'>;

const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * A ring with the rings fetched around the accounts an analyst expanded folded in: every account
 * once, at its nearest hop from the case, in the order first seen; every entity once, tying every account any fetch saw it
 * tie, seen from the earliest to the latest time any fetch saw. Expanding A then B gives the same
 * accounts and links as B then A.
 */
export function mergeRings(base: Ring, expansions: Ring[]): Ring {
  if (expansions.length === 0) return base;
  const nodes = new Map(base.nodes.map((n) => [n.accountId, n]));
  const entities = new Map(base.entities.map((e) => [`${e.kind}\u0000${e.value}`, { ...e, accounts: [...e.accounts] }]));
  const truncated = { ...base.truncated };
  for (const more of expansions) {
    // An expansion's hops count from the account it was fetched around.
    const from = nodes.get(more.accountId)?.hop ?? 1;
    for (const n of more.nodes) {
      const hop = from + n.hop;
      const known = nodes.get(n.accountId);
      if (!known) nodes.set(n.accountId, { ...n, hop });
      else if (hop < known.hop) nodes.set(n.accountId, { ...known, hop });
    }
    for (const e of more.entities) {
      const key = `${e.kind}\u0000${e.value}`;
      const known = entities.get(key);
      if (!known) {
        entities.set(key, { ...e, hop: from + e.hop, accounts: [...e.accounts] });
        continue;
      }
      for (const a of e.accounts) if (!known.accounts.includes(a)) known.accounts.push(a);
      known.hop = Math.min(known.hop, from + e.hop);
      known.moreAccounts = known.moreAccounts || e.moreAccounts;
      known.firstAt = earlier(known.firstAt, e.firstAt);
      known.lastAt = later(known.lastAt, e.lastAt);
    }
    truncated.nodes ||= more.truncated.nodes;
    truncated.accounts ||= more.truncated.accounts;
    truncated.entities ||= more.truncated.entities;
  }
  return { ...base, truncated, nodes: [...nodes.values()], entities: [...entities.values()] };
}
