import { type AccountEvent, decideIdentities, eventContentHash, eventKey, type IdentityVerdict, storedEventContentHash } from '@sentinel/contracts';
import type { AccountState } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

/**
 * Where an account's stored state stands: its last recorded event's number (`headSeq`) and its
 * snapshot's (`snapshotSeq`; 0 with `snapshot` null when none was written yet, the empty state).
 * `snapshot` is absent when the caller already holds the state at `headSeq`.
 */
export interface StoredState {
  headSeq: number;
  snapshotSeq: number;
  snapshot?: AccountState | null;
}

/** A snapshot of an account's state as of its event number `snapshotSeq`. */
export interface StateWrite {
  accountId: string;
  snapshotSeq: number;
  snapshot: AccountState;
}

/**
 * The account event log and the state snapshots taken over it: events are recorded with each
 * account's sequence number, and a state is its snapshot plus the events recorded after it.
 */
export abstract class EventLog {
  abstract recordEvents(db: EntityManager, events: AccountEvent[], seqs: number[]): Promise<IdentityVerdict[]>;
  abstract fetchStates(db: EntityManager, held: { accountId: string; headSeq?: number }[]): Promise<Map<string, StoredState>>;
  abstract eventsAfterSnapshots(db: EntityManager, ranges: { accountId: string; after: number; upTo: number }[]): Promise<Map<string, AccountEvent[]>>;
  abstract saveSnapshots(db: EntityManager, writes: StateWrite[]): Promise<void>;
  abstract eventsAround(db: EntityManager, spans: { accountId: string; from: string; to: string }[]): Promise<Map<string, AccountEvent[]>>;
}

/** The event log in Postgres. Every method takes the transaction's manager: the caller owns the transaction. */
export class EventLogRepository implements EventLog {
  /**
   * Inserts the events, each with its account's sequence number (`seqs[i]` for `events[i]`), and
   * says of each, in order, whether it was new, a redelivery (its account already has its id with
   * the same content, earlier in the batch or on record) or a conflict (other content: the recorded
   * event stands). Only new events are inserted; the others leave a gap in the numbers.
   */
  async recordEvents(db: EntityManager, events: AccountEvent[], seqs: number[]): Promise<IdentityVerdict[]> {
    if (events.length === 0) return [];
    const keys = events.map(eventKey);
    const firsts = new Map<string, number>();
    keys.forEach((key, i) => firsts.has(key) || firsts.set(key, i));
    const tried = [...firsts.values()];
    const rows: { account_id: string; id: string }[] = await db.query(
      `INSERT INTO account_event (id, account_id, type, occurred_at, channel, correlation_id, body, account_seq)
       SELECT e->>'id', e->>'accountId', e->>'type', (e->>'occurredAt')::timestamptz, e->>'channel',
              e->>'correlationId', e, ($2::bigint[])[ord]
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
       ON CONFLICT (account_id, id) DO NOTHING
       RETURNING account_id, id`,
      [JSON.stringify(tried.map((i) => events[i])), tried.map((i) => seqs[i])],
    );
    const inserted = new Set(rows.map((r) => eventKey({ accountId: r.account_id, id: r.id })));
    const known = tried.filter((i) => !inserted.has(keys[i])).map((i) => events[i]);
    const recorded = new Map<string, string>();
    if (known.length > 0) {
      const stored: { account_id: string; id: string; body: unknown }[] = await db.query(
        `SELECT e.account_id, e.id, e.body FROM unnest($1::text[], $2::text[]) AS k(account_id, id)
          CROSS JOIN LATERAL (SELECT account_id, id, body FROM account_event WHERE account_id = k.account_id AND id = k.id OFFSET 0) e`,
        [known.map((e) => e.accountId), known.map((e) => e.id)],
      );
      for (const row of stored) recorded.set(eventKey({ accountId: row.account_id, id: row.id }), storedEventContentHash(row.body));
      // ON CONFLICT found a row, so it is there for this statement to read; if not, nothing here can be decided.
      if (recorded.size !== known.length) throw new Error(`${known.length - recorded.size} event(s) refused as already recorded could not be read back`);
    }
    // Content is hashed only where there is something to compare it with: the hot path, every event
    // new and once in its batch, hashes nothing.
    const seen = new Map<string, number>();
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    const batch = keys.map((key, i) => ({ key, hash: recorded.has(key) || seen.get(key)! > 1 ? eventContentHash(events[i]) : '' }));
    return decideIdentities(batch, recorded);
  }

  /**
   * Where each given account's state stands: the last event number recorded (`headSeq`, read off
   * the events themselves, so that no batch has to write a head) and the snapshot's, with the
   * snapshot itself unless the caller already holds the state at that head. Accounts never seen
   * are absent.
   */
  async fetchStates(db: EntityManager, held: { accountId: string; headSeq?: number }[]): Promise<Map<string, StoredState>> {
    const rows: { account_id: string; head_seq: string; snapshot_seq: string; held: boolean | null; state: string | null }[] = await db.query(
      // An account whose events predate numbering has only its snapshot: that is its head.
      // OFFSET 0 keeps the lookup per key, by index: flattened into a join, a table without statistics (new, or bulk-loaded before autovacuum's pass) is hashed whole (hot-path-plans.int-spec.ts).
      `SELECT h.account_id, cur.head_seq, COALESCE(s.snapshot_seq, 0) AS snapshot_seq, cur.head_seq = h.held_seq AS held,
              CASE WHEN cur.head_seq = h.held_seq THEN NULL ELSE s.state END AS state
         FROM unnest($1::text[], $2::bigint[]) AS h(account_id, held_seq)
        CROSS JOIN LATERAL (SELECT max(e.account_seq) AS head_seq FROM account_event e WHERE e.account_id = h.account_id) m
         LEFT JOIN LATERAL (SELECT snapshot_seq, state FROM account_state WHERE account_id = h.account_id OFFSET 0) s ON true
        CROSS JOIN LATERAL (SELECT COALESCE(m.head_seq, s.snapshot_seq) AS head_seq) cur
        WHERE cur.head_seq IS NOT NULL`,
      [held.map((h) => h.accountId), held.map((h) => h.headSeq ?? null)],
    );
    return new Map(
      rows.map((r) => [
        r.account_id,
        {
          headSeq: Number(r.head_seq),
          snapshotSeq: Number(r.snapshot_seq),
          snapshot: r.held ? undefined : r.state === null ? null : (JSON.parse(r.state) as AccountState),
        },
      ]),
    );
  }

  /** Each account's recorded events after its snapshot, up to its head, in the order they were recorded. */
  async eventsAfterSnapshots(db: EntityManager, ranges: { accountId: string; after: number; upTo: number }[]): Promise<Map<string, AccountEvent[]>> {
    const found = new Map<string, AccountEvent[]>();
    if (ranges.length === 0) return found;
    const rows: { account_id: string; body: AccountEvent }[] = await db.query(
      `SELECT e.account_id, e.body
         FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS r(account_id, after, up_to)
        CROSS JOIN LATERAL (SELECT account_id, account_seq, body FROM account_event
                             WHERE account_id = r.account_id AND account_seq > r.after AND account_seq <= r.up_to OFFSET 0) e
        ORDER BY e.account_id, e.account_seq`,
      [ranges.map((r) => r.accountId), ranges.map((r) => r.after), ranges.map((r) => r.upTo)],
    );
    for (const row of rows) {
      const events = found.get(row.account_id);
      if (events) events.push(row.body);
      else found.set(row.account_id, [row.body]);
    }
    return found;
  }

  /**
   * Writes snapshots. They are JSON text joined by the record separator, which JSON.stringify
   * never emits raw: Postgres splits the parameter without parsing anything, and no array-literal
   * escaping runs over every quote. The arrays are unnested in the select list, which streams
   * them: in FROM they would be gathered in a tuplestore first and spill past work_mem.
   */
  async saveSnapshots(db: EntityManager, writes: StateWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await db.query(
      `INSERT INTO account_state (account_id, snapshot_seq, state, updated_at)
       SELECT unnest($1::text[]), unnest($2::bigint[]), unnest(string_to_array($3::text, E'\x1e')), now()
       ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, snapshot_seq = EXCLUDED.snapshot_seq, updated_at = now()`,
      [writes.map((w) => w.accountId), writes.map((w) => w.snapshotSeq), writes.map((w) => JSON.stringify(w.snapshot)).join('\x1e')],
    );
  }

  /**
   * Each account's recorded events within a span of event time, in event-time order: what a
   * deferred judgement is made on, whatever arrived since and however it arrived.
   */
  async eventsAround(db: EntityManager, spans: { accountId: string; from: string; to: string }[]): Promise<Map<string, AccountEvent[]>> {
    const found = new Map<string, AccountEvent[]>();
    if (spans.length === 0) return found;
    const rows: { account_id: string; body: AccountEvent }[] = await db.query(
      `SELECT DISTINCT ON (e.account_id, e.id) e.account_id, e.body, e.occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS s(account_id text, "from" timestamptz, "to" timestamptz)
        CROSS JOIN LATERAL (SELECT id, account_id, body, occurred_at FROM account_event
                             WHERE account_id = s.account_id AND occurred_at BETWEEN s."from" AND s."to" OFFSET 0) e
        ORDER BY e.account_id, e.id`,
      [JSON.stringify(spans.map((s) => ({ account_id: s.accountId, from: s.from, to: s.to })))],
    );
    for (const row of rows) found.set(row.account_id, [...(found.get(row.account_id) ?? []), row.body]);
    return found;
  }
}
