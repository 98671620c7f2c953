import { Inject, Injectable } from '@nestjs/common';
import { EventLog, type StateWrite, type Transaction } from '@sentinel/persistence';
import { type AccountState, draft, emptyAccountState, fold, upgradeState } from '@sentinel/rules';
import { LRUCache } from 'lru-cache';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';

type CachedState = { state: AccountState; headSeq: number };

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
 * folds its events into the very objects cached, without copying them (for an active account the
 * copies were most of the batch's work and its garbage), which is why `checkout` takes them out
 * until the batch commits.
 */
@Injectable()
export class AccountStateStore {
  private readonly cache?: LRUCache<string, CachedState>;
  private readonly snapshotEvery: number;

  constructor(
    @Inject(DETECTOR_CONFIG) config: Pick<DetectorConfig, 'stateCacheBytes' | 'snapshotEvery'>,
    private readonly eventLog: EventLog,
    private readonly metrics: DetectorMetrics,
  ) {
    if (config.stateCacheBytes > 0) this.cache = new LRUCache({ maxSize: config.stateCacheBytes, sizeCalculation: ({ state }) => heapBytes(state) });
    this.snapshotEvery = config.snapshotEvery;
  }

  /**
   * The current state of each account (empty for one never seen), the caller's own to fold events
   * into and `save`: what was held in memory is taken out, so nobody else sees it change, and
   * comes back only once the caller's transaction has committed. Should it fail, the next load
   * rebuilds those states from what is stored. Two instances that both check an account out (a
   * rebalance) number its next events alike, and the unique numbers fail one of the two batches.
   */
  checkout(db: Transaction, accountIds: string[]): Promise<Map<string, LoadedState>> {
    const cached = new Map<string, CachedState>();
    for (const id of accountIds) {
      const entry = this.cache?.get(id);
      if (!entry) continue;
      cached.set(id, entry);
      this.cache!.delete(id);
    }
    return this.load(db, accountIds, cached);
  }

  /** The current state of each account, to read only: copies, so a batch folding into what is held cannot change them. */
  read(db: Transaction, accountIds: string[]): Promise<Map<string, LoadedState>> {
    const cached = new Map<string, CachedState>();
    for (const id of accountIds) {
      const entry = this.cache?.get(id);
      // Copied now, before any await: a batch may take the entry and fold into it meanwhile.
      if (entry) cached.set(id, { state: draft(entry.state), headSeq: entry.headSeq });
    }
    return this.load(db, accountIds, cached);
  }

  private async load(db: Transaction, accountIds: string[], cached: Map<string, CachedState>): Promise<Map<string, LoadedState>> {
    const stored = await this.eventLog.fetchStates(
      db,
      accountIds.map((accountId) => ({ accountId, headSeq: cached.get(accountId)?.headSeq })),
    );
    const behind = [...stored].filter(([, row]) => row.snapshot !== undefined && row.headSeq > row.snapshotSeq);
    const replay = await this.eventLog.eventsAfterSnapshots(
      db,
      behind.map(([accountId, row]) => ({ accountId, after: row.snapshotSeq, upTo: row.headSeq })),
    );
    const loaded = new Map<string, LoadedState>();
    let hits = 0;
    for (const id of accountIds) {
      const row = stored.get(id);
      if (!row) {
        loaded.set(id, { state: emptyAccountState(id), headSeq: 0, snapshotSeq: 0 });
      } else if (row.snapshot === undefined) {
        hits++;
        loaded.set(id, { state: cached.get(id)!.state, headSeq: row.headSeq, snapshotSeq: row.snapshotSeq });
      } else {
        const state = row.snapshot ? upgradeState(row.snapshot) : emptyAccountState(id);
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
   * Records where the checked-out states now stand (`heads`: account → its last recorded event),
   * the caller having folded those events into them: in the caller's transaction, a snapshot of
   * each state `snapshotEvery` events past its last; the heads themselves are the events' numbers.
   * Returns what to call once that transaction has committed: it gives every checked-out state
   * back, changed or not.
   */
  async save(db: Transaction, checkedOut: Map<string, LoadedState>, heads: Map<string, number>): Promise<() => void> {
    const snapshots: StateWrite[] = [];
    for (const [accountId, headSeq] of heads) {
      const { state, snapshotSeq } = checkedOut.get(accountId)!;
      if (headSeq - snapshotSeq >= this.snapshotEvery) snapshots.push({ accountId, snapshotSeq: headSeq, snapshot: state });
    }
    await this.eventLog.saveSnapshots(db, snapshots);
    this.metrics.snapshots.inc(snapshots.length);
    return () => {
      for (const [accountId, { state, headSeq }] of checkedOut) {
        const head = heads.get(accountId) ?? headSeq;
        // An account never stored (every event of it a duplicate) has nothing worth holding.
        if (head > 0) this.cache?.set(accountId, { state, headSeq: head });
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
