import { Inject, Injectable } from '@nestjs/common';
import type { AccountState } from '@sentinel/rules';
import { LRUCache } from 'lru-cache';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';

export interface HeldState {
  state: AccountState;
  version: number;
}

/**
 * The states this detector last committed, so that a batch need not fetch and parse them again.
 * Postgres stays the truth: every batch still locks each row and compares versions, and a state
 * written by another instance since (after a rebalance) is fetched afresh. Only committed states
 * go in, and `evolve` never mutates a state, so a failed batch cannot change what is held.
 */
@Injectable()
export class AccountStateCache {
  private readonly held?: LRUCache<string, HeldState>;

  constructor(@Inject(DETECTOR_CONFIG) config: Pick<DetectorConfig, 'stateCacheSize'>) {
    if (config.stateCacheSize > 0) this.held = new LRUCache({ max: config.stateCacheSize });
  }

  /**
   * What is held for these accounts, taken now: a batch works from this snapshot, since other
   * batches may evict entries while it waits on Postgres.
   */
  snapshot(accountIds: string[]): Map<string, HeldState> {
    const found = new Map<string, HeldState>();
    for (const id of accountIds) {
      const entry = this.held?.get(id);
      if (entry) found.set(id, entry);
    }
    return found;
  }

  /** Call only after the transaction that wrote these states has committed. */
  remember(states: HeldState[]): void {
    for (const entry of states) this.held?.set(entry.state.accountId, entry);
  }
}
