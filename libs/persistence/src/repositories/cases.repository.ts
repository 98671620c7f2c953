import type { RuleHit } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

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
  /** The event's own score: a bounded weight of its hits, benign ones lowering it (see @sentinel/rules riskScore). */
  score: number;
}

export interface CaseRef {
  id: string;
  referenceCode: string;
  opened: boolean;
}

/** Fraud cases, the rule hits bound to them, and the analysts' snoozes that keep rules off an account. */
export abstract class Cases {
  abstract openOrJoinCases(db: EntityManager, inputs: CaseInput[]): Promise<Map<string, CaseRef>>;
  abstract insertHits(db: EntityManager, ruleSetVersion: number, rows: CaseHits[]): Promise<void>;
  abstract loadSnoozes(db: EntityManager, accountIds: string[]): Promise<Map<string, Set<string>>>;
  abstract expireStepUps(db: EntityManager, openedBefore: Date, limit: number): Promise<RaisedStepUp[]>;
  abstract waitingStepUps(db: EntityManager): Promise<WaitingStepUps>;
  abstract openStepUps(db: EntityManager, accountIds: string[]): Promise<string[]>;
  abstract raisedSince(db: EntityManager, caseIds: string[], note: string): Promise<RaisedStepUp[]>;
}

/** The step-ups waiting for the borrower's answer, by the same test `expireStepUps` applies. */
export interface WaitingStepUps {
  waiting: number;
  /** When the longest-waiting one opened; null with none. */
  oldestOpenedAt: Date | null;
}

/**
 * A step-up still waiting for the borrower, over `fraud_case` as `alias`: an alert-band case, open,
 * unclaimed, unanswered, not historical. The detector's expiry pass raises exactly these, and the
 * console's Step-ups page lists them, so both read this one test.
 */
export const waitingStepUp = (alias: string) =>
  `${alias}.decision = 'alert' AND ${alias}.status = 'open' AND ${alias}.borrower_answer IS NULL AND ${alias}.assignee_id IS NULL AND NOT ${alias}.historical`;

/** A step-up that became a case: nobody answered in time, or evidence no answer clears joined it. */
export interface RaisedStepUp {
  caseId: string;
  accountId: string;
  referenceCode: string;
  score: number;
  correlationId: string | null;
  ruleIds: string[];
}

interface RaisedRow {
  id: string;
  account_id: string;
  reference_code: string;
  score: number;
  correlation_id: string | null;
  rule_ids: string[] | null;
}

const raisedStepUp = (r: RaisedRow): RaisedStepUp => ({
  caseId: r.id,
  accountId: r.account_id,
  referenceCode: r.reference_code,
  score: r.score,
  correlationId: r.correlation_id,
  ruleIds: r.rule_ids ?? [],
});

/** Cases, hits and snoozes in Postgres. Every method takes the transaction's manager: the caller owns the transaction. */
export class CasesRepository implements Cases {
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
       ON CONFLICT (event_id, rule_id, account_id) DO NOTHING`,
      [ruleSetVersion, JSON.stringify(rows)],
    );
    // A case's score is its strongest event's, whichever phase judged it: hits no longer simply add
    // up (benign ones lower the score, context weighs beside evidence), so the event's score is the
    // one the rules gave it, and a deferred verdict that completes an event raises its case.
    await db.query(
      `UPDATE fraud_case c SET score = s.score
         FROM (SELECT "caseId" AS case_id, max(score) AS score FROM jsonb_to_recordset($1::jsonb) AS r("caseId" uuid, score int) GROUP BY "caseId") s
        WHERE c.id = s.case_id AND c.score < s.score`,
      [JSON.stringify(rows.map(({ caseId, score }) => ({ caseId, score })))],
    );
  }

  /**
   * Turns step-ups (alert-band cases, open and unclaimed) that the borrower has not answered since
   * before `openedBefore` into urgent, high-priority cases, with a note saying why; oldest first,
   * at most `limit`, skipping rows another detector holds. Historical cases asked nobody and wait
   * for no answer.
   */
  async expireStepUps(db: EntityManager, openedBefore: Date, limit: number): Promise<RaisedStepUp[]> {
    const rows: RaisedRow[] = await db.query(
      `WITH due AS (
         SELECT id FROM fraud_case f
          WHERE ${waitingStepUp('f')} AND opened_at < $1
          ORDER BY opened_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), raised AS (
         UPDATE fraud_case c SET decision = 'urgent', priority = 'high', updated_at = now() FROM due WHERE c.id = due.id
         RETURNING c.id, c.account_id, c.reference_code, c.score, c.correlation_id
       ), noted AS (
         INSERT INTO case_note (case_id, author, body)
         SELECT id, 'system:step-up', 'No answer to the step-up in time: the hold widens to everything and the case goes to analysts.' FROM raised
       )
       SELECT r.*, (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = r.id) AS rule_ids FROM raised r ORDER BY r.id`,
      [openedBefore, limit],
    );
    return rows.map(raisedStepUp);
  }

  async waitingStepUps(db: EntityManager): Promise<WaitingStepUps> {
    const [row]: { waiting: number; oldest: Date | null }[] = await db.query(
      `SELECT count(*)::int AS waiting, min(opened_at) AS oldest FROM fraud_case f WHERE ${waitingStepUp('f')}`,
    );
    return { waiting: row.waiting, oldestOpenedAt: row.oldest };
  }

  /** The open step-ups (alert-band cases, answered or not) of the given accounts, by case id. */
  async openStepUps(db: EntityManager, accountIds: string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows: { id: string }[] = await db.query(`SELECT id FROM fraud_case WHERE account_id = ANY($1::text[]) AND status <> 'resolved' AND decision = 'alert'`, [accountIds]);
    return rows.map((r) => r.id);
  }

  /**
   * Of the given step-ups, those an urgent hit has since made cases, each with a note saying why:
   * what the platform must now hold is everything, not only what the step-up's event moved.
   */
  async raisedSince(db: EntityManager, caseIds: string[], note: string): Promise<RaisedStepUp[]> {
    if (caseIds.length === 0) return [];
    const rows: RaisedRow[] = await db.query(
      `WITH raised AS (
         SELECT id, account_id, reference_code, score, correlation_id FROM fraud_case
          WHERE id = ANY($1::uuid[]) AND decision = 'urgent' AND status <> 'resolved'
       ), noted AS (
         INSERT INTO case_note (case_id, author, body) SELECT id, 'system:step-up', $2 FROM raised
       )
       SELECT r.*, (SELECT array_agg(DISTINCT h.rule_id) FROM rule_hit h WHERE h.case_id = r.id) AS rule_ids FROM raised r ORDER BY r.id`,
      [caseIds, note],
    );
    return rows.map(raisedStepUp);
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
}
