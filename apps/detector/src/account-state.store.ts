import { Inject, Injectable } from '@nestjs/common';
import { DetectionRepository, type StateWrite } from '@sentinel/persistence';
import { type AccountState, draft, emptyAccountState, fold, upgradeState } from '@sentinel/rules';
import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';

type Held = { state: AccountState; headSeq: number };

/** An account's state as of its event number `headSeq`, and the number its stored snapshot is at. */
export interface LoadedState {
  state: AccountState;
  headSeq: number;
  snapshotSeq: number;
}

/**
 * Account states for the detector: the stored snapshot plus the events recorded after it, folded
 * again; or, when this instance committed the account's latest head itself, the state it kept in
 * memory (an LRU bounded by `stateCacheBytes`). Postgres stays the truth: every load compares heads, and a
 * state moved on by another instance since (a rebalance) is rebuilt from what is stored. A batch
 * folds its events into the very objects held, without copying them (for an active account the
 * copies were most of the batch's work and its garbage), which is why `checkout` takes them out
 * until the batch commits.
 */
@Injectable()
export class AccountStateStore {
  private readonly held?: LRUCache<string, Held>;
  private readonly snapshotEvery: number;

  constructor(
    @Inject(DETECTOR_CONFIG) config: Pick<DetectorConfig, 'stateCacheBytes' | 'snapshotEvery'>,
    private readonly repository: DetectionRepository,
    private readonly metrics: DetectorMetrics,
  ) {
    if (config.stateCacheBytes > 0) this.held = new LRUCache({ maxSize: config.stateCacheBytes, sizeCalculation: ({ state }) => heapBytes(state) });
    this.snapshotEvery = config.snapshotEvery;
  }

  /**
   * The current state of each account (empty for one never seen), locked and the caller's own to
   * fold events into and `save`: what was held in memory is taken out, so nobody else sees it
   * change, and comes back only once the caller's transaction has committed. Should it fail, the
   * next load rebuilds those states from what is stored.
   */
  checkout(db: EntityManager, accountIds: string[]): Promise<Map<string, LoadedState>> {
    const held = new Map<string, Held>();
    for (const id of accountIds) {
      const entry = this.held?.get(id);
      if (!entry) continue;
      held.set(id, entry);
      this.held!.delete(id);
    }
    return this.load(db, accountIds, held, true);
  }

  /** The current state of each account, to read only: copies, so a batch folding into what is held cannot change them. */
  read(db: EntityManager, accountIds: string[]): Promise<Map<string, LoadedState>> {
    const held = new Map<string, Held>();
    for (const id of accountIds) {
      const entry = this.held?.get(id);
      // Copied now, before any await: a batch may take the entry and fold into it meanwhile.
      if (entry) held.set(id, { state: draft(entry.state), headSeq: entry.headSeq });
    }
    return this.load(db, accountIds, held, false);
  }

  private async load(db: EntityManager, accountIds: string[], held: Map<string, Held>, lock: boolean): Promise<Map<string, LoadedState>> {
    const stored = await this.repository.fetchStates(db, accountIds.map((accountId) => ({ accountId, headSeq: held.get(accountId)?.headSeq })), lock);
    const behind = [...stored].filter(([, row]) => row.snapshot && row.headSeq > row.snapshotSeq);
    const replay = await this.repository.eventsAfterSnapshots(
      db,
      behind.map(([accountId, row]) => ({ accountId, after: row.snapshotSeq, upTo: row.headSeq })),
    );
    const loaded = new Map<string, LoadedState>();
    let hits = 0;
    for (const id of accountIds) {
      const row = stored.get(id);
      if (!row) {
        loaded.set(id, { state: emptyAccountState(id), headSeq: 0, snapshotSeq: 0 });
      } else if (!row.snapshot) {
        hits++;
        loaded.set(id, { state: held.get(id)!.state, headSeq: row.headSeq, snapshotSeq: row.snapshotSeq });
      } else {
        const state = upgradeState(row.snapshot);
        for (const event of replay.get(id) ?? []) fold(state, event);
        loaded.set(id, { state, headSeq: row.headSeq, snapshotSeq: row.snapshotSeq });
      }
    }
    this.metrics.stateCache.inc({ outcome: 'hit' }, hits);
    this.metrics.stateCache.inc({ outcome: 'miss' }, stored.size - hits);
    this.metrics.stateReplayed.inc([...replay.values()].reduce((n, events) => n + events.length, 0));
    return loaded;
  }

  /**
   * Saves the new heads (`heads`: account → its last recorded event) of checked-out states, which
   * the caller has folded those events into, in the caller's transaction; with a snapshot once an
   * account is `snapshotEvery` events past its last, and the empty one for a new account. Returns what to call once that
   * transaction has committed: it gives every checked-out state back, changed or not.
   */
  async save(db: EntityManager, checkedOut: Map<string, LoadedState>, heads: Map<string, number>): Promise<() => void> {
    const writes: StateWrite[] = [...heads].map(([accountId, headSeq]) => {
      const { state, headSeq: before, snapshotSeq } = checkedOut.get(accountId)!;
      if (headSeq - snapshotSeq >= this.snapshotEvery) return { accountId, headSeq, snapshot: state };
      // A new account's row starts from the empty state, its events replayed on a cold load: most
      // accounts on a large platform see a few events a day, and a snapshot of their first would
      // store each event twice.
      if (before === 0) return { accountId, headSeq, snapshot: emptyAccountState(accountId), snapshotSeq: 0 };
      return { accountId, headSeq };
    });
    await this.repository.saveStates(db, writes);
    this.metrics.snapshots.inc(writes.filter((w) => w.snapshot && w.snapshotSeq === undefined).length);
    return () => {
      for (const [accountId, { state, headSeq }] of checkedOut) {
        const head = heads.get(accountId) ?? headSeq;
        // An account never stored (every event of it a duplicate) has nothing worth holding.
        if (head > 0) this.held?.set(accountId, { state, headSeq: head });
      }
    };
  }
}

/**
 * Roughly what a state takes on the V8 heap, measured on benchmark states (one with 132 recent
 * events and 65 devices and IPs takes about 50 KiB): its recent events dominate, then its devices
 * and IPs. Close enough to bound the cache's memory, cheap enough to
 * run for every state a batch gives back.
 */
function heapBytes(state: AccountState): number {
  return 1_000 + 300 * state.recent.length + 120 * (Object.keys(state.devices).length + Object.keys(state.ips).length) + 80 * state.loans.length;
}
