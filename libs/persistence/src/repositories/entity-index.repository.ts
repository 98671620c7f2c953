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
 * The entity index and the cross-account roll-up's queue. Every method takes the transaction's
 * manager: links are written in the detector's batch transaction, with the events that make them.
 */
export class EntityIndexRepository {
  /**
   * Records the links (a redelivered event's are kept once) and queues the entities of the newly
   * recorded links that `judged` says a cross-account rule looks at.
   */
  async record(db: EntityManager, links: EntityLink[], judged: (link: EntityLink) => boolean): Promise<void> {
    if (links.length === 0) return;
    const added: { kind: EntityKind; value: string; event_id: string }[] = await db.query(
      `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, holder_key)
       SELECT kind, value, "accountId", "eventId", "eventType", at, sensitive, "holderKey"
         FROM jsonb_to_recordset($1::jsonb) AS l(kind text, value text, "accountId" text, "eventId" text, "eventType" text,
                                                 at timestamptz, sensitive boolean, "holderKey" text)
       ON CONFLICT (event_id, kind) DO NOTHING
       RETURNING kind, value, event_id`,
      [JSON.stringify(links)],
    );
    const fresh = new Set(added.map((r) => `${r.event_id}\u0000${r.kind}`));
    const due = new Map<string, EntityRef>();
    for (const link of links) {
      if (fresh.has(`${link.eventId}\u0000${link.kind}`) && judged(link)) due.set(`${link.kind}\u0000${link.value}`, { kind: link.kind, value: link.value });
    }
    if (due.size === 0) return;
    // Sorted, so that two batches queueing the same entities take no locks in opposite orders.
    const entities = [...due.values()].sort((a, b) => (a.kind + a.value < b.kind + b.value ? -1 : 1));
    await db.query(`INSERT INTO entity_rollup_due (kind, value) SELECT unnest($1::text[]), unnest($2::text[])`, [
      entities.map((e) => e.kind),
      entities.map((e) => e.value),
    ]);
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
   * Every link of the given entities that a cross-account rule can look at (card bindings and
   * sensitive actions), whatever their age: rules count spans of event time, not of the clock.
   */
  async judgedLinks(db: EntityManager, entities: EntityRef[]): Promise<EntityLink[]> {
    if (entities.length === 0) return [];
    const rows: { kind: EntityKind; value: string; account_id: string; event_id: string; event_type: EntityLink['eventType']; at: Date; sensitive: boolean; holder_key: string | null }[] =
      await db.query(
        `SELECT l.kind, l.value, l.account_id, l.event_id, l.event_type, l.at, l.sensitive, l.holder_key
           FROM unnest($1::text[], $2::text[]) AS e(kind, value)
           JOIN entity_link l ON l.kind = e.kind AND l.value = e.value
          WHERE l.sensitive OR l.event_type = 'card.bound'`,
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
         JOIN rule_hit h ON h.event_id = k.event_id AND h.rule_id = k.rule_id`,
      [keys.map((k) => k.key), keys.map((k) => k.ruleId)],
    );
    return new Set(rows.map((r) => `${r.event_id}\u0000${r.rule_id}`));
  }

  /** The open case of each given account that has one. */
  async openCases(db: EntityManager, accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows: { account_id: string; id: string }[] = await db.query(
      `SELECT account_id, id FROM fraud_case WHERE account_id = ANY($1::text[]) AND status <> 'resolved'`,
      [accountIds],
    );
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
       ON CONFLICT (event_id, rule_id) DO UPDATE SET evidence = EXCLUDED.evidence, explanation = EXCLUDED.explanation
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
        WHERE h.event_id = r->>'key' AND h.rule_id = r->'hit'->>'ruleId'
          AND ${WIDER.replaceAll('$new', "(r->'hit'->'evidence')").replaceAll('$old', 'h.evidence')}`,
      [JSON.stringify(rows)],
    );
  }

  /** Accounts tied to an entity, with how and when, newest first. */
  async accountsLinkedTo(db: EntityManager, entity: EntityRef, limit: number) {
    const rows: { account_id: string; events: number; sensitive: number; first_at: Date; last_at: Date; event_types: string[] }[] = await db.query(
      `SELECT account_id, count(*)::int AS events, count(*) FILTER (WHERE sensitive)::int AS sensitive,
              min(at) AS first_at, max(at) AS last_at, array_agg(DISTINCT event_type ORDER BY event_type) AS event_types
         FROM entity_link WHERE kind = $1 AND value = $2
        GROUP BY account_id ORDER BY max(at) DESC, account_id LIMIT $3`,
      [entity.kind, entity.value, limit],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      events: r.events,
      sensitiveActions: r.sensitive,
      eventTypes: r.event_types,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
    }));
  }
}
