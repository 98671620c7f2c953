import type { MerchantFlag, MerchantHit } from '@sentinel/rules';
import type { EntityManager } from 'typeorm';

/** Merchant flags, the queue of merchants due a roll-up, and the merchants the roll-up flagged. */
export abstract class Merchants {
  abstract addMerchantFlags(db: EntityManager, flags: (MerchantFlag & { eventId: string; caseId?: string })[]): Promise<void>;
  abstract takeDueMerchants(db: EntityManager, limit: number): Promise<{ merchants: string[]; taken: number }>;
  abstract merchantFlags(db: EntityManager, merchantIds: string[]): Promise<MerchantFlag[]>;
  abstract saveFlaggedMerchant(db: EntityManager, hit: MerchantHit, ruleSetVersion: number): Promise<void>;
}

/** Merchant flags and roll-ups in Postgres. Every method takes the transaction's manager: the caller owns the transaction. */
export class MerchantsRepository implements Merchants {
  /** Records merchant flags and queues each newly flagged merchant for its roll-up, in one statement. */
  async addMerchantFlags(db: EntityManager, flags: (MerchantFlag & { eventId: string; caseId?: string })[]): Promise<void> {
    if (flags.length === 0) return;
    await db.query(
      `WITH added AS (
         INSERT INTO merchant_flag (merchant_id, account_id, event_id, case_id, reason, at)
         SELECT f->>'merchantId', f->>'accountId', f->>'eventId', (f->>'caseId')::uuid, f->>'reason', (f->>'at')::timestamptz
           FROM jsonb_array_elements($1::jsonb) AS f
         ON CONFLICT (merchant_id, account_id, event_id, reason) DO NOTHING
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
