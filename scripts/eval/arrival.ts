import type { AccountEvent } from '@sentinel/contracts';
import { Rng } from './corpus/rng';

export const KAFKA_MODES = ['paced', 'burst', 'shuffled'] as const;
export const MODES = [...KAFKA_MODES, 'replay'] as const;
export type KafkaMode = (typeof KAFKA_MODES)[number];
export type Mode = (typeof MODES)[number];

/**
 * The order in which a mode sends the corpus. `paced` and `burst` keep event-time order (paced
 * sends it in slices, burst all at once); `shuffled` interleaves accounts at random (seeded), each
 * account's own events still in order, as partitions drained at different speeds would deliver them.
 */
export function arrivalOrder(mode: KafkaMode, events: readonly AccountEvent[], seed: number): AccountEvent[] {
  if (mode !== 'shuffled') return [...events];
  const queues = new Map<string, AccountEvent[]>();
  for (const event of events) {
    const queue = queues.get(event.accountId);
    if (queue) queue.push(event);
    else queues.set(event.accountId, [event]);
  }
  const open = [...queues.values()];
  const rng = new Rng(seed ^ 0x5eed);
  const out: AccountEvent[] = [];
  while (open.length) {
    const i = rng.int(0, open.length - 1);
    out.push(open[i].shift()!);
    if (open[i].length === 0) {
      open[i] = open[open.length - 1];
      open.pop();
    }
  }
  return out;
}
