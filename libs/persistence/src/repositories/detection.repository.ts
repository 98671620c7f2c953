import type { AccountEvent, EventOf, TopicPayloads } from '@sentinel/contracts';
import type { AccountState, DocumentExpiry, MerchantFlag, MerchantHit, PendingVerdict, RuleHit } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

type OutboxTopic = 'account.alerts' | 'account.actions';
export type OutboxMessage = { [T in OutboxTopic]: { topic: T; message: TopicPayloads[T] } }[OutboxTopic];

export interface CaseInput {
  id: string;
  referenceCode: string;
  accountId: string;
  decision: 'alert' | 'urgent';
  score: number;
  priority: 'normal' | 'high';
  ruleSetVersion: number;
  correlationId?: string;
  /** Opened by events older than the alert horizon: for analysts, no borrower was told. */
  historical: boolean;
}

export interface CaseHits {
  caseId: string;
  eventId: string;
  hits: RuleHit[];
}

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

export interface CaseRef {
  id: string;
  referenceCode: string;
  opened: boolean;
}

/**
 * The detector's writes, each one set-based statement for a whole batch where the batch allows.
 * Every method takes the transaction's manager: the caller owns the transaction.
 */
export class DetectionRepository {
  /**
   * Inserts the events, each with its account's sequence number (`seqs[i]` for `events[i]`), and
   * returns the ids that were new; redelivered ids come back absent and leave a gap in the numbers.
   */
  async recordEvents(db: EntityManager, events: AccountEvent[], seqs: number[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(
      `INSERT INTO account_event (id, account_id, type, occurred_at, channel, correlation_id, body, account_seq)
       SELECT e->>'id', e->>'accountId', e->>'type', (e->>'occurredAt')::timestamptz, e->>'channel',
              e->>'correlationId', e, ($2::bigint[])[ord]
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(events), seqs],
    );
    return new Set(rows.map((r) => r.id));
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
      `SELECT h.account_id, cur.head_seq, COALESCE(s.snapshot_seq, 0) AS snapshot_seq, cur.head_seq = h.held_seq AS held,
              CASE WHEN cur.head_seq = h.held_seq THEN NULL ELSE s.state END AS state
         FROM unnest($1::text[], $2::bigint[]) AS h(account_id, held_seq)
        CROSS JOIN LATERAL (SELECT max(e.account_seq) AS head_seq FROM account_event e WHERE e.account_id = h.account_id) m
         LEFT JOIN account_state s ON s.account_id = h.account_id
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
         JOIN account_event e ON e.account_id = r.account_id AND e.account_seq > r.after AND e.account_seq <= r.up_to
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
   * Records contact changes, two statements for the whole batch: close each (account, kind)'s
   * current contact at its first change, then insert the changes, each valid until the next one.
   */
  async applyContactChanges(db: EntityManager, events: EventOf<'contact.changed'>[]): Promise<void> {
    if (events.length === 0) return;
    const rows = JSON.stringify(
      events.map((e, ord) => ({ account_id: e.accountId, kind: e.payload.kind, value: e.payload.value, at: e.occurredAt, event_id: e.id, ord })),
    );
    const changes = `jsonb_to_recordset($1::jsonb) AS c(account_id text, kind text, value text, at timestamptz, event_id text, ord int)`;
    await db.query(
      `UPDATE account_contact ac SET valid_to = first.at
         FROM (SELECT DISTINCT ON (account_id, kind) account_id, kind, at FROM ${changes} ORDER BY account_id, kind, ord) first
        WHERE ac.account_id = first.account_id AND ac.kind = first.kind AND ac.valid_to IS NULL`,
      [rows],
    );
    await db.query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, valid_to, source_event_id)
       SELECT account_id, kind, value, at, lead(at) OVER (PARTITION BY account_id, kind ORDER BY ord), event_id FROM ${changes}
       ON CONFLICT (source_event_id) DO NOTHING`,
      [rows],
    );
  }

  /**
   * Opens a case for each account, or joins its open one (each account has at most one), in one
   * statement. One input per account; rows are written in account order, so two writers cannot deadlock.
   */
  async openOrJoinCases(db: EntityManager, inputs: CaseInput[]): Promise<Map<string, CaseRef>> {
    if (inputs.length === 0) return new Map();
    const rows: { account_id: string; id: string; reference_code: string; opened: boolean }[] = await db.query(
      `INSERT INTO fraud_case (id, reference_code, account_id, decision, score, priority, rule_set_version, correlation_id, historical)
       SELECT id, reference_code, account_id, decision, score, priority, rule_set_version, correlation_id, historical
         FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, reference_code text, account_id text, decision text, score int,
                                                 priority text, rule_set_version int, correlation_id text, historical boolean)
        ORDER BY account_id
       ON CONFLICT (account_id) WHERE status <> 'resolved' DO UPDATE SET
         decision = CASE WHEN EXCLUDED.decision = 'urgent' THEN 'urgent' ELSE fraud_case.decision END,
         priority = CASE WHEN EXCLUDED.priority = 'high' THEN 'high' ELSE fraud_case.priority END,
         score = GREATEST(fraud_case.score, EXCLUDED.score),
         historical = fraud_case.historical AND EXCLUDED.historical,
         rule_set_version = EXCLUDED.rule_set_version,
         updated_at = now()
       RETURNING account_id, id, reference_code, (xmax = 0) AS opened`,
      [
        JSON.stringify(
          inputs.map((c) => ({
            id: c.id,
            reference_code: c.referenceCode,
            account_id: c.accountId,
            decision: c.decision,
            score: c.score,
            priority: c.priority,
            rule_set_version: c.ruleSetVersion,
            correlation_id: c.correlationId ?? null,
            historical: c.historical,
          })),
        ),
      ],
    );
    return new Map(rows.map((r) => [r.account_id, { id: r.id, referenceCode: r.reference_code, opened: r.opened }]));
  }

  /** The hits of many events, each bound to its case, in one statement; a redelivered hit is kept once. */
  async insertHits(db: EntityManager, ruleSetVersion: number, rows: CaseHits[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version)
       SELECT (r->>'caseId')::uuid, r->>'eventId', h->>'ruleId', h->>'severity', (h->>'score')::int, h->'evidence', h->'explanation', $1
         FROM jsonb_array_elements($2::jsonb) AS r, jsonb_array_elements(r->'hits') AS h
       ON CONFLICT (event_id, rule_id) DO NOTHING`,
      [ruleSetVersion, JSON.stringify(rows)],
    );
    // A case's score is the capped sum of the hits it shows, whichever phase and event made them.
    await db.query(
      `UPDATE fraud_case c SET score = LEAST(100, s.total)
         FROM (SELECT case_id, sum(score)::int AS total FROM rule_hit WHERE case_id = ANY($1::uuid[]) GROUP BY case_id) s
        WHERE c.id = s.case_id AND c.score IS DISTINCT FROM LEAST(100, s.total)`,
      [[...new Set(rows.map((r) => r.caseId))]],
    );
  }

  /** Adds a message to the outbox, to be relayed to Kafka once this transaction commits. */
  enqueue<T extends OutboxTopic>(db: EntityManager, topic: T, message: TopicPayloads[T]): Promise<void> {
    return this.enqueueAll(db, [{ topic, message } as OutboxMessage]);
  }

  /** Adds messages to the outbox in one statement, in the given order (the relay publishes in id order). */
  async enqueueAll(db: EntityManager, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await db.query(
      `INSERT INTO outbox (topic, message_key, payload, headers)
       SELECT m->>'topic', m->'message'->>'accountId', m->'message', m->'headers'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(m, ord)
        ORDER BY ord`,
      [
        JSON.stringify(
          messages.map(({ topic, message }) => ({
            topic,
            message,
            headers: message.correlationId ? { 'x-correlation-id': message.correlationId } : {},
          })),
        ),
      ],
    );
  }

  /**
   * Events whose deferred rules run once the lateness window has passed, with what the immediate
   * phase found. `dueAt` null: queued from a backlog, due once `partition` has caught up.
   */
  async scheduleDeferred(db: EntityManager, rows: ({ eventId: string; accountId: string; dueAt: Date | null; partition: number } & PendingVerdict)[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO deferred_evaluation (event_id, account_id, due_at, partition, prior_hits, announced)
       SELECT r->>'eventId', r->>'accountId', (r->>'dueAt')::timestamptz, (r->>'partition')::int, r->'prior', (r->>'announced')::boolean
         FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (event_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  /** The partition has caught up: what it queued from its backlog is due after the lateness window from now. */
  async releaseDeferred(db: EntityManager, partition: number, dueAt: Date): Promise<void> {
    await db.query(`UPDATE deferred_evaluation SET due_at = $2 WHERE partition = $1 AND due_at IS NULL`, [partition, dueAt.toISOString()]);
  }

  /**
   * Each account's recorded events within a span of event time, in event-time order: what a
   * deferred judgement is made on, whatever arrived since and however it arrived.
   */
  async eventsAround(db: EntityManager, spans: { accountId: string; from: string; to: string }[]): Promise<Map<string, AccountEvent[]>> {
    const found = new Map<string, AccountEvent[]>();
    if (spans.length === 0) return found;
    const rows: { account_id: string; body: AccountEvent }[] = await db.query(
      `SELECT DISTINCT ON (e.id) e.account_id, e.body, e.occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS s(account_id text, "from" timestamptz, "to" timestamptz)
         JOIN account_event e ON e.account_id = s.account_id AND e.occurred_at BETWEEN s."from" AND s."to"
        ORDER BY e.id`,
      [JSON.stringify(spans.map((s) => ({ account_id: s.accountId, from: s.from, to: s.to })))],
    );
    for (const row of rows) found.set(row.account_id, [...(found.get(row.account_id) ?? []), row.body]);
    return found;
  }

  /** Rules snoozed by an analyst, per account, that are still in force. */
  async loadSnoozes(db: EntityManager, accountIds: string[]): Promise<Map<string, Set<string>>> {
    const snoozes = new Map<string, Set<string>>();
    if (accountIds.length === 0) return snoozes;
    const rows: { account_id: string; rule_id: string }[] = await db.query(
      `SELECT account_id, rule_id FROM rule_snooze WHERE account_id = ANY($1::text[]) AND until > now() AND lifted_at IS NULL`,
      [accountIds],
    );
    for (const row of rows) snoozes.set(row.account_id, (snoozes.get(row.account_id) ?? new Set()).add(row.rule_id));
    return snoozes;
  }

  /** Takes due deferred evaluations, locked so that another detector skips them, and deletes them. */
  async takeDueDeferred(db: EntityManager, limit: number, maxWaitMs: number): Promise<({ event: AccountEvent } & PendingVerdict)[]> {
    const rows: { body: AccountEvent; prior_hits: RuleHit[]; announced: boolean }[] = await db.query(
      // A CTE, because TypeORM returns [rows, count] for a bare DELETE … RETURNING.
      `WITH taken AS (
         DELETE FROM deferred_evaluation d USING account_event e
          WHERE e.id = d.event_id AND d.event_id IN (
            SELECT event_id FROM deferred_evaluation
             WHERE due_at <= now()
                -- A partition that never catches up (a backlog that lasts) must not hold judgements for ever.
                OR (due_at IS NULL AND queued_at < now() - make_interval(secs => $2::double precision / 1000))
             ORDER BY due_at NULLS FIRST LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING e.body, d.prior_hits, d.announced)
       SELECT body, prior_hits, announced FROM taken`,
      [limit, maxWaitMs],
    );
    return rows
      .map((r) => ({ event: r.body, prior: r.prior_hits, announced: r.announced }))
      .sort((a, b) => (a.event.occurredAt < b.event.occurredAt ? -1 : 1));
  }

  /** Records the borrower's message preferences; an older event never overwrites a newer one. */
  async upsertPreferences(db: EntityManager, events: EventOf<'preferences.updated'>[]): Promise<void> {
    // One statement per event: preferences change rarely, and each may set only some fields.
    for (const event of events) {
      const p = event.payload;
      await db.query(
        `INSERT INTO account_preference (account_id, locale, channels, quiet_start, quiet_end, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id) DO UPDATE SET
           locale = COALESCE(EXCLUDED.locale, account_preference.locale),
           channels = COALESCE(EXCLUDED.channels, account_preference.channels),
           quiet_start = CASE WHEN $7 THEN EXCLUDED.quiet_start ELSE account_preference.quiet_start END,
           quiet_end = CASE WHEN $7 THEN EXCLUDED.quiet_end ELSE account_preference.quiet_end END,
           updated_at = EXCLUDED.updated_at
         WHERE account_preference.updated_at <= EXCLUDED.updated_at`,
        [event.accountId, p.locale ?? null, p.channels ?? null, p.quietHours?.start ?? null, p.quietHours?.end ?? null, event.occurredAt, p.quietHours !== undefined],
      );
    }
  }

  /** Records each account's latest ID document expiry, one statement per batch; a new date starts its reminders afresh. */
  async upsertDocuments(db: EntityManager, events: EventOf<'identity.document.updated'>[]): Promise<void> {
    if (events.length === 0) return;
    await db.query(
      `INSERT INTO document_expiry (account_id, document_type, expires_on, updated_at)
       SELECT DISTINCT ON (account_id) account_id, document_type, expires_on, at
         FROM jsonb_to_recordset($1::jsonb) AS d(account_id text, document_type text, expires_on date, at timestamptz)
        ORDER BY account_id, at DESC
       ON CONFLICT (account_id) DO UPDATE SET
         document_type = EXCLUDED.document_type,
         expires_on = EXCLUDED.expires_on,
         reminded_days = CASE WHEN document_expiry.expires_on = EXCLUDED.expires_on THEN document_expiry.reminded_days ELSE '{}' END,
         expired_notified = CASE WHEN document_expiry.expires_on = EXCLUDED.expires_on THEN document_expiry.expired_notified ELSE false END,
         borrower_acted_at = CASE WHEN document_expiry.expires_on = EXCLUDED.expires_on THEN document_expiry.borrower_acted_at ELSE NULL END,
         updated_at = EXCLUDED.updated_at
       WHERE document_expiry.updated_at <= EXCLUDED.updated_at`,
      [JSON.stringify(events.map((e) => ({ account_id: e.accountId, document_type: e.payload.documentType, expires_on: e.payload.expiresOn, at: e.occurredAt })))],
    );
  }

  /**
   * Documents with a notice due today, locked for this scheduler pass: expired and not yet told,
   * or inside a reminder threshold not yet sent. Only those, so a pass never re-reads settled rows.
   */
  async lockDueDocuments(db: EntityManager, today: string, thresholds: number[], expired: boolean, limit: number): Promise<DocumentExpiry[]> {
    const rows: { account_id: string; document_type: string; expires_on: string; reminded_days: number[]; expired_notified: boolean }[] =
      await db.query(
        `SELECT account_id, document_type, to_char(expires_on, 'YYYY-MM-DD') AS expires_on, reminded_days, expired_notified
           FROM document_expiry
          WHERE NOT expired_notified AND borrower_acted_at IS NULL
            AND (($3 AND expires_on < $1::date)
                 OR (expires_on >= $1::date AND EXISTS (
                       SELECT 1 FROM unnest($2::int[]) AS t WHERE expires_on <= $1::date + t AND NOT (t = ANY (reminded_days)))))
          ORDER BY expires_on LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [today, thresholds, expired, limit],
      );
    return rows.map((r) => ({
      accountId: r.account_id,
      documentType: r.document_type,
      expiresOn: r.expires_on,
      remindedDays: r.reminded_days,
      expiredNotified: r.expired_notified,
    }));
  }

  async markDocumentNotified(db: EntityManager, accountId: string, days: number[], expired: boolean): Promise<void> {
    await db.query(
      `UPDATE document_expiry SET reminded_days = reminded_days || $2::int[], expired_notified = expired_notified OR $3 WHERE account_id = $1`,
      [accountId, days, expired],
    );
  }

  /** Records merchant flags and queues each newly flagged merchant for its roll-up, in one statement. */
  async addMerchantFlags(db: EntityManager, flags: (MerchantFlag & { eventId: string; caseId?: string })[]): Promise<void> {
    if (flags.length === 0) return;
    await db.query(
      `WITH added AS (
         INSERT INTO merchant_flag (merchant_id, account_id, event_id, case_id, reason, at)
         SELECT f->>'merchantId', f->>'accountId', f->>'eventId', (f->>'caseId')::uuid, f->>'reason', (f->>'at')::timestamptz
           FROM jsonb_array_elements($1::jsonb) AS f
         ON CONFLICT (merchant_id, event_id, reason) DO NOTHING
         RETURNING merchant_id)
       INSERT INTO merchant_rollup_due (merchant_id) SELECT DISTINCT merchant_id FROM added`,
      [JSON.stringify(flags)],
    );
  }

  /** Takes queued merchants for a roll-up, skipping those another detector has taken, and deletes them. */
  async takeDueMerchants(db: EntityManager, limit: number): Promise<{ merchants: string[]; taken: number }> {
    const rows: { merchant_id: string }[] = await db.query(
      `WITH taken AS (
         DELETE FROM merchant_rollup_due WHERE id IN (SELECT id FROM merchant_rollup_due ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING merchant_id)
       SELECT merchant_id FROM taken`,
      [limit],
    );
    return { merchants: [...new Set(rows.map((r) => r.merchant_id))], taken: rows.length };
  }

  async merchantFlags(db: EntityManager, merchantIds: string[]): Promise<MerchantFlag[]> {
    const rows: { merchant_id: string; account_id: string; at: Date; reason: 'flagged' | 'not_me' }[] = await db.query(
      `SELECT merchant_id, account_id, at, reason FROM merchant_flag WHERE merchant_id = ANY($1::text[])`,
      [merchantIds],
    );
    return rows.map((r) => ({ merchantId: r.merchant_id, accountId: r.account_id, at: r.at.toISOString(), reason: r.reason }));
  }

  async saveFlaggedMerchant(db: EntityManager, hit: MerchantHit, ruleSetVersion: number): Promise<void> {
    await db.query(
      `INSERT INTO flagged_merchant (merchant_id, accounts, flags, not_me, explanation, rule_set_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (merchant_id) DO UPDATE SET accounts = EXCLUDED.accounts, flags = EXCLUDED.flags, not_me = EXCLUDED.not_me,
         explanation = EXCLUDED.explanation, rule_set_version = EXCLUDED.rule_set_version, updated_at = now()`,
      [hit.merchantId, hit.accounts, hit.flags, hit.notMe, JSON.stringify(hit.explanation), ruleSetVersion],
    );
  }
}
