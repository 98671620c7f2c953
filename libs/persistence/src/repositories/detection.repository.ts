import type { AccountEvent, AlertMessage, EventOf } from '@sentinel/contracts';
import type { AccountState, RuleHit } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

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
  /** Inserts the events and returns the ids that were new; redelivered ids come back absent. */
  async recordEvents(db: EntityManager, events: AccountEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { id: string }[] = await db.query(
      `INSERT INTO account_event (id, account_id, type, occurred_at, channel, correlation_id, body)
       SELECT e->>'id', e->>'accountId', e->>'type', (e->>'occurredAt')::timestamptz, e->>'channel',
              e->>'correlationId', e
         FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(events)],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Locks and loads the states of the given accounts; accounts never seen are absent. */
  async loadStates(db: EntityManager, accountIds: string[]): Promise<Map<string, AccountState>> {
    const rows: { account_id: string; state: AccountState }[] = await db.query(
      `SELECT account_id, state FROM account_state WHERE account_id = ANY($1::text[]) ORDER BY account_id FOR UPDATE`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.account_id, r.state]));
  }

  async saveStates(db: EntityManager, states: AccountState[]): Promise<void> {
    if (states.length === 0) return;
    await db.query(
      `INSERT INTO account_state (account_id, state, updated_at)
       SELECT s->>'accountId', s, now() FROM jsonb_array_elements($1::jsonb) AS s
       ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [JSON.stringify(states)],
    );
  }

  /** Closes the current contact of each kind and records the new one, in event order. */
  async applyContactChanges(db: EntityManager, events: EventOf<'contact.changed'>[]): Promise<void> {
    for (const event of events) {
      await db.query(
        `UPDATE account_contact SET valid_to = $3 WHERE account_id = $1 AND kind = $2 AND valid_to IS NULL`,
        [event.accountId, event.payload.kind, event.occurredAt],
      );
      await db.query(
        `INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source_event_id) DO NOTHING`,
        [event.accountId, event.payload.kind, event.payload.value, event.occurredAt, event.id],
      );
    }
  }

  /** Opens a case for the account, or joins its open one: each account has at most one. */
  async openOrJoinCase(
    db: EntityManager,
    input: {
      id: string;
      referenceCode: string;
      accountId: string;
      decision: 'alert' | 'urgent';
      score: number;
      ruleSetVersion: number;
      correlationId?: string;
    },
  ): Promise<CaseRef> {
    const [row]: { id: string; reference_code: string; opened: boolean }[] = await db.query(
      `INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id) WHERE status <> 'resolved' DO UPDATE SET
         decision = CASE WHEN EXCLUDED.decision = 'urgent' THEN 'urgent' ELSE fraud_case.decision END,
         score = GREATEST(fraud_case.score, EXCLUDED.score),
         updated_at = now()
       RETURNING id, reference_code, (xmax = 0) AS opened`,
      [input.id, input.referenceCode, input.accountId, input.decision, input.score, input.ruleSetVersion, input.correlationId ?? null],
    );
    return { id: row.id, referenceCode: row.reference_code, opened: row.opened };
  }

  async insertHits(db: EntityManager, caseId: string, eventId: string, ruleSetVersion: number, hits: RuleHit[]): Promise<void> {
    await db.query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version)
       SELECT $1, $2, h->>'ruleId', h->>'severity', (h->>'score')::int, h->'evidence', h->'explanation', $3
         FROM jsonb_array_elements($4::jsonb) AS h
       ON CONFLICT (event_id, rule_id) DO NOTHING`,
      [caseId, eventId, ruleSetVersion, JSON.stringify(hits)],
    );
  }

  async enqueueAlert(db: EntityManager, alert: AlertMessage, topic: string): Promise<void> {
    await db.query(`INSERT INTO outbox (topic, message_key, payload, headers) VALUES ($1, $2, $3, $4)`, [
      topic,
      alert.accountId,
      JSON.stringify(alert),
      JSON.stringify(alert.correlationId ? { 'x-correlation-id': alert.correlationId } : {}),
    ]);
  }
}
