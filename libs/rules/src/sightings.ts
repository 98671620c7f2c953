import type { AccountState, Sighting } from './account-state';
import { DAY_MS, HOUR_MS, ms } from './time';

export type Familiarity = 'established' | 'new' | 'stale' | 'unknown';

/**
 * How well the account knows a device or IP at the time of an event, from the state before it:
 * unknown (never seen), new (first seen less than `establishedAfterHours` before), stale (not seen
 * within `lookbackDays`), or established.
 */
export function familiarity(
  sighting: Sighting | undefined,
  at: string,
  { lookbackDays, establishedAfterHours }: { lookbackDays: number; establishedAfterHours: number },
): Familiarity {
  if (!sighting) return 'unknown';
  if (ms(at) - ms(sighting.firstSeenAt) < establishedAfterHours * HOUR_MS) return 'new';
  if (ms(at) - ms(sighting.lastSeenAt) > lookbackDays * DAY_MS) return 'stale';
  return 'established';
}

/** Other devices the account has used: with none, the current one is its first and is learned silently. */
export const otherDevices = (state: AccountState, deviceId: string): string[] => Object.keys(state.devices).filter((id) => id !== deviceId);

export const FAMILIARITY_TEXT: Record<Exclude<Familiarity, 'established'>, { en: string; zh: string }> = {
  unknown: { en: 'never seen on this account', zh: '从未在此账户出现过' },
  new: { en: 'first seen on this account only moments before', zh: '刚刚才首次在此账户出现' },
  stale: { en: 'not seen on this account for a long time', zh: '已很久未在此账户出现' },
};
