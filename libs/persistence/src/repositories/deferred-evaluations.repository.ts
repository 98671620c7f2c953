import type { AccountEvent } from '@sentinel/contracts';
import type { PendingVerdict, RuleHit } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

/** Events whose deferred (absence) rules are judged once their lateness window has passed. */
export abstract class DeferredEvaluations {
  abstract scheduleDeferred(db: EntityManager, rows: ({ eventId: string; accountId: string; dueAt: Date | null; partition: number } & PendingVerdict)[]): Promise<void>;
  abstract releaseDeferred(db: EntityManager, partition: number, dueAt: Date): Promise<void>;
  abstract takeDueDeferred(db: EntityManager, limit: number, maxWaitMs: number): Promise<({ event: AccountEvent } & PendingVerdict)[]>;
}

/** The deferred-evaluation queue in Postgres. Every method takes the transaction's manager: the caller owns the transaction. */
export class DeferredEvaluationsRepository implements DeferredEvaluations {
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
       ON CONFLICT (account_id, event_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  /** The partition has caught up: what it queued from its backlog is due after the lateness window from now. */
  async releaseDeferred(db: EntityManager, partition: number, dueAt: Date): Promise<void> {
    await db.query(`UPDATE deferred_evaluation SET due_at = $2 WHERE partition = $1 AND due_at IS NULL`, [partition, dueAt.toISOString()]);
  }

  /** Takes due deferred evaluations, locked so that another detector skips them, and deletes them. */
  async takeDueDeferred(db: EntityManager, limit: number, maxWaitMs: number): Promise<({ event: AccountEvent } & PendingVerdict)[]> {
    const rows: { body: AccountEvent; prior_hits: RuleHit[]; announced: boolean }[] = await db.query(
      // A CTE, because TypeORM returns [rows, count] for a bare DELETE … RETURNING. OFFSET 0 keeps the lookup per key, by index: flattened into a join, a table without statistics (new, or bulk-loaded before autovacuum's pass) is hashed whole (hot-path-plans.int-spec.ts).
      `WITH taken AS (
         DELETE FROM deferred_evaluation d
          WHERE (d.account_id, d.event_id) IN (
            SELECT account_id, event_id FROM deferred_evaluation
             WHERE due_at <= now()
                -- A partition that never catches up (a backlog that lasts) must not hold judgements for ever.
                OR (due_at IS NULL AND queued_at < now() - make_interval(secs => $2::double precision / 1000))
             ORDER BY due_at NULLS FIRST LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING d.account_id, d.event_id, d.prior_hits, d.announced)
       SELECT e.body, t.prior_hits, t.announced FROM taken t
        CROSS JOIN LATERAL (SELECT body FROM account_event WHERE account_id = t.account_id AND id = t.event_id OFFSET 0) e`,
      [limit, maxWaitMs],
    );
    return rows.map((r) => ({ event: r.body, prior: r.prior_hits, announced: r.announced })).sort((a, b) => (a.event.occurredAt < b.event.occurredAt ? -1 : 1));
  }
}
