/** Something that happened on an account at an instant (epoch milliseconds). */
export interface TimedAccount {
  accountId: string;
  at: number;
}

/**
 * The sightings that fall in some span of `spanMs` holding at least `minAccounts` distinct
 * accounts: the union over every such span, in time order. A function of the set of sightings
 * alone, so it does not matter in which order they arrived or when it is asked.
 */
export function inDenseSpans<T extends TimedAccount>(sightings: readonly T[], spanMs: number, minAccounts: number): T[] {
  const sorted = [...sightings].sort((a, b) => a.at - b.at || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  const counts = new Map<string, number>();
  const picked: T[] = [];
  let end = 0;
  let takenUpTo = 0;
  // Every maximal span starts at some sighting: slide its start over them, its end as far as it reaches.
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end].at - sorted[start].at <= spanMs) {
      counts.set(sorted[end].accountId, (counts.get(sorted[end].accountId) ?? 0) + 1);
      end++;
    }
    if (counts.size >= minAccounts) {
      for (let i = Math.max(start, takenUpTo); i < end; i++) picked.push(sorted[i]);
      takenUpTo = Math.max(takenUpTo, end);
    }
    const left = sorted[start].accountId;
    const n = counts.get(left)! - 1;
    if (n === 0) counts.delete(left);
    else counts.set(left, n);
  }
  return picked;
}
