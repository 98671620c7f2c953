import type { EntityKind, EntityLink, RingHit } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

export interface EntityRef {
  kind: EntityKind;
  value: string;
}

/** A ring hit bound to the case it joins, under the key that makes it one row however often it is judged. */
export interface RingHitRow {
  key: string;
  caseId: string;
  hit: RingHit;
}

/**
 * Whether a ring hit's evidence ($new) is wider than what is stored ($old): more accounts, or as
 * many over a longer span. A ring's links only grow, so the last judgement over all of them is the
 * widest, and a pass over fewer links that commits after it cannot overwrite it.
 */
const WIDER = `(($new->>'accounts')::int, $old->>'from', $new->>'to') > (($old->>'accounts')::int, $new->>'from', $old->>'to')`;

/**
 * The entity index and the cross-account roll-up's queue, as the detector writes and judges them.
 * Every method takes the transaction's manager: links are written in the detector's batch
 * transaction, with the events that make them, and the roll-up's pass judges and records in one of
 * its own.
 */
export abstract class EntityIndex {
  /** Records the links of a batch's new events and queues the entities a cross-account rule judges. */
  abstract record(db: EntityManager, links: EntityLink[], judged: (link: EntityLink) => boolean): Promise<void>;
  /** Takes up to `limit` queued entities off the queue. */
  abstract takeDue(db: EntityManager, limit: number): Promise<{ entities: EntityRef[]; taken: number }>;
  /** Every link a ring rule judges of these entities, in event time. */
  abstract judgedLinks(db: EntityManager, entities: EntityRef[]): Promise<EntityLink[]>;
  /** Of these ring hits, by key and rule, the ones already recorded on a case. */
  abstract recordedHits(db: EntityManager, keys: { key: string; ruleId: string }[]): Promise<Set<string>>;
  /** Each account's open case, for the accounts that have one. */
  abstract openCases(db: EntityManager, accountIds: string[]): Promise<Map<string, string>>;
  abstract insertHits(db: EntityManager, ruleSetVersion: number, rows: RingHitRow[]): Promise<void>;
  /** Widens recorded ring hits' evidence to a newer, wider judgement. */
  abstract refreshHits(db: EntityManager, rows: Omit<RingHitRow, 'caseId'>[]): Promise<void>;
  /** Makes the open step-ups holding these ring hits (by key) urgent: evidence no answer clears came since. */
  abstract escalateOpenCases(db: EntityManager, keys: string[]): Promise<void>;
  /** Per `accountId + '\u0000' + at`, the case on which the borrower already confirmed that action. */
  abstract confirmedActions(db: EntityManager, actions: { accountId: string; eventId: string; at: string }[]): Promise<Map<string, string>>;
}

export class EntityIndexRepository implements EntityIndex {
  /**
   * Records the links (a redelivered event's are kept once) and queues the entities of the newly
   * recorded links that `judged` says a cross-account rule looks at. Links no rule looks at (a
   * login's device and IP) only serve to show which accounts an entity ties together: of those,
   * one per entity and account a day is enough, so a borrower's every login from the same phone
   * is not written again.
   */
  async record(db: EntityManager, links: EntityLink[], judged: (link: EntityLink) => boolean): Promise<void> {
    if (links.length === 0) return;
    const always = (l: EntityLink) => judged(l) || l.kind === 'card' || l.kind === 'merchant';
    const seen = new Set<string>();
    const rows = links.filter((link) => {
      if (always(link)) return true;
      const key = `${link.kind}\u0000${link.value}\u0000${link.accountId}\u0000${link.at.slice(0, 10)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // Columns as text joined by the record separator, as for snapshots: Postgres splits them without
    // parsing, where array literals would be escaped value by value on the way. The newly recorded
    // links a ring rule judges queue their entities in the same statement.
    const column = (values: string[]) => values.join('\x1e');
    await db.query(
      `WITH added AS (
         INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged, holder_key)
         SELECT l.kind, l.value, l.account_id, l.event_id, l.event_type, l.at::timestamptz, l.flags LIKE 's%', l.flags LIKE '_j%', NULLIF(l.holder_key, '')
           FROM (SELECT unnest(string_to_array($1, E'\x1e')) AS kind, unnest(string_to_array($2, E'\x1e')) AS value,
                        unnest(string_to_array($3, E'\x1e')) AS account_id, unnest(string_to_array($4, E'\x1e')) AS event_id,
                        unnest(string_to_array($5, E'\x1e')) AS event_type, unnest(string_to_array($6, E'\x1e')) AS at,
                        unnest(string_to_array($7, E'\x1e')) AS flags, unnest(string_to_array($8, E'\x1e')) AS holder_key) l
          WHERE l.flags LIKE '__a' OR NOT EXISTS (
                  SELECT 1 FROM entity_link e
                   WHERE e.kind = l.kind AND e.value = l.value AND e.account_id = l.account_id
                     AND e.at > l.at::timestamptz - interval '1 day' AND e.at < l.at::timestamptz + interval '1 day')
         ON CONFLICT (account_id, event_id, kind) DO NOTHING
         RETURNING kind, value, judged)
       INSERT INTO entity_rollup_due (kind, value) SELECT DISTINCT kind, value FROM added WHERE judged`,
      [
        column(rows.map((l) => l.kind)),
        column(rows.map((l) => l.value)),
        column(rows.map((l) => l.accountId)),
        column(rows.map((l) => l.eventId)),
        column(rows.map((l) => l.eventType)),
        column(rows.map((l) => l.at)),
        // Three letters: sensitive (s), judged by a ring rule (j), recorded always rather than once a day (a); '-' for no.
        column(rows.map((l) => `${l.sensitive ? 's' : '-'}${judged(l) ? 'j' : '-'}${always(l) ? 'a' : '-'}`)),
        column(rows.map((l) => l.holderKey ?? '')),
      ],
    );
  }

  /** Takes queued entities, skipping those another detector has taken, and deletes them. */
  async takeDue(db: EntityManager, limit: number): Promise<{ entities: EntityRef[]; taken: number }> {
    const rows: { kind: EntityKind; value: string }[] = await db.query(
      `WITH taken AS (
         DELETE FROM entity_rollup_due WHERE id IN (SELECT id FROM entity_rollup_due ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING kind, value)
       SELECT DISTINCT kind, value FROM taken`,
      [limit],
    );
    return { entities: rows, taken: rows.length };
  }

  /**
   * Every link of the given entities that a cross-account rule looks at, whatever their age: rules
   * count spans of event time, not of the clock. OFFSET 0 keeps the lookup per key, by index: flattened into a join, a table without statistics (new, or bulk-loaded before autovacuum's pass) is hashed whole (hot-path-plans.int-spec.ts).
   */
  async judgedLinks(db: EntityManager, entities: EntityRef[]): Promise<EntityLink[]> {
    if (entities.length === 0) return [];
    const rows: {
      kind: EntityKind;
      value: string;
      account_id: string;
      event_id: string;
      event_type: EntityLink['eventType'];
      at: Date;
      sensitive: boolean;
      holder_key: string | null;
    }[] = await db.query(
      `SELECT l.kind, l.value, l.account_id, l.event_id, l.event_type, l.at, l.sensitive, l.holder_key
           FROM unnest($1::text[], $2::text[]) AS e(kind, value)
          CROSS JOIN LATERAL (SELECT * FROM entity_link WHERE kind = e.kind AND value = e.value AND judged OFFSET 0) l`,
      [entities.map((e) => e.kind), entities.map((e) => e.value)],
    );
    return rows.map((r) => ({
      kind: r.kind,
      value: r.value,
      accountId: r.account_id,
      eventId: r.event_id,
      eventType: r.event_type,
      at: r.at.toISOString(),
      sensitive: r.sensitive,
      ...(r.holder_key ? { holderKey: r.holder_key } : {}),
    }));
  }

  /** Which of these hit keys (a ring hit's `rule_hit.event_id`) are recorded already, on any case, per rule. */
  async recordedHits(db: EntityManager, keys: { key: string; ruleId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { event_id: string; rule_id: string }[] = await db.query(
      `SELECT h.event_id, h.rule_id FROM unnest($1::text[], $2::text[]) AS k(event_id, rule_id)
        CROSS JOIN LATERAL (SELECT event_id, rule_id FROM rule_hit WHERE event_id = k.event_id AND rule_id = k.rule_id OFFSET 0) h`,
      [keys.map((k) => k.key), keys.map((k) => k.ruleId)],
    );
    return new Set(rows.map((r) => `${r.event_id}\u0000${r.rule_id}`));
  }

  async escalateOpenCases(db: EntityManager, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await db.query(
      `UPDATE fraud_case c SET decision = 'urgent', priority = 'high', updated_at = now()
        WHERE c.status <> 'resolved' AND c.decision = 'alert'
          AND EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.event_id = ANY($1::text[]))`,
      [keys],
    );
  }

  /**
   * Cases the borrower closed with a "was me" through a trusted contact that asked about the given
   * action: by a hit on its event (the detector's own step-up) or a ring hit flagged at it (another
   * entity's step-up about the same action).
   */
  async confirmedActions(db: EntityManager, actions: { accountId: string; eventId: string; at: string }[]): Promise<Map<string, string>> {
    if (actions.length === 0) return new Map();
    const rows: { account_id: string; at: string; id: string }[] = await db.query(
      `SELECT DISTINCT ON (x.account_id, x.at) x.account_id, x.at, c.id
         FROM jsonb_to_recordset($1::jsonb) AS x(account_id text, event_id text, at text)
         JOIN fraud_case c ON c.account_id = x.account_id AND c.status = 'resolved' AND c.resolution_reason = 'borrower_confirmed'
         JOIN rule_hit h ON h.case_id = c.id AND (h.event_id = x.event_id OR h.evidence->>'flaggedAt' = x.at)
        ORDER BY x.account_id, x.at, c.resolved_at, c.id`,
      [JSON.stringify(actions.map((a) => ({ account_id: a.accountId, event_id: a.eventId, at: a.at })))],
    );
    return new Map(rows.map((r) => [`${r.account_id}\u0000${r.at}`, r.id]));
  }

  /** The open case of each given account that has one. */
  async openCases(db: EntityManager, accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows: { account_id: string; id: string }[] = await db.query(`SELECT account_id, id FROM fraud_case WHERE account_id = ANY($1::text[]) AND status <> 'resolved'`, [
      accountIds,
    ]);
    return new Map(rows.map((r) => [r.account_id, r.id]));
  }

  /**
   * Records new ring hits on their cases; one row per key and rule, so a hit judged twice is kept
   * once, on the case it first joined, with the widest evidence it was judged on.
   */
  async insertHits(db: EntityManager, ruleSetVersion: number, rows: RingHitRow[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version)
       SELECT (r->>'caseId')::uuid, r->>'key', r->'hit'->>'ruleId', r->'hit'->>'severity', (r->'hit'->>'score')::int,
              r->'hit'->'evidence', r->'hit'->'explanation', $1
         FROM jsonb_array_elements($2::jsonb) AS r
        ORDER BY r->>'key', r->'hit'->>'ruleId'
       ON CONFLICT (event_id, rule_id, account_id) DO UPDATE SET evidence = EXCLUDED.evidence, explanation = EXCLUDED.explanation
       WHERE ${WIDER.replaceAll('$new', 'EXCLUDED.evidence').replaceAll('$old', 'rule_hit.evidence')}`,
      [ruleSetVersion, JSON.stringify(rows)],
    );
  }

  /** Hits judged again keep their case and score and take wider evidence: a ring seen with more accounts lists them all. */
  async refreshHits(db: EntityManager, rows: Omit<RingHitRow, 'caseId'>[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `UPDATE rule_hit h SET evidence = r->'hit'->'evidence', explanation = r->'hit'->'explanation'
         FROM jsonb_array_elements($1::jsonb) AS r
        WHERE h.event_id = r->>'key' AND h.rule_id = r->'hit'->>'ruleId' AND h.event_id = ANY($2::text[])
          AND ${WIDER.replaceAll('$new', "(r->'hit'->'evidence')").replaceAll('$old', 'h.evidence')}`,
      [JSON.stringify(rows), rows.map((r) => r.key)],
    );
  }
}
