import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';

export interface RoutingRuleRow {
  id: string;
  kind: 'rule' | 'merchant' | 'language' | 'band';
  value: string;
  analyst_id: string;
  display_name: string;
  created_by: string;
  created_at: Date;
}

const SELECT = `SELECT r.id, r.kind, r.value, r.analyst_id, a.display_name, r.created_by, r.created_at FROM routing_rule r JOIN analyst a ON a.id = r.analyst_id`;

/**
 * The analyst a case is routed to, as SQL over the case `c`: the first matching rule whose analyst
 * is still active, a rule id before a merchant before a language before a band, the oldest first.
 */
export const ROUTED_TO = `(
  SELECT r.analyst_id FROM routing_rule r JOIN analyst a ON a.id = r.analyst_id AND NOT a.disabled
   WHERE (r.kind = 'rule' AND EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.rule_id = r.value))
      OR (r.kind = 'merchant' AND EXISTS (SELECT 1 FROM merchant_flag f WHERE f.case_id = c.id AND f.merchant_id = r.value))
      OR (r.kind = 'language' AND r.value = (SELECT p.locale FROM account_preference p WHERE p.account_id = c.account_id))
      OR (r.kind = 'band' AND c.score BETWEEN split_part(r.value, '-', 1)::int AND split_part(r.value, '-', 2)::int)
   ORDER BY array_position(ARRAY['rule', 'merchant', 'language', 'band'], r.kind), r.created_at
   LIMIT 1)`;

/** Which analyst new cases of a rule, merchant, language or score band go to. */
export abstract class RoutingRules {
  /** Every rule with its analyst's name, by kind then value. */
  abstract list(): Promise<RoutingRuleRow[]>;
  abstract get(db: Transaction, id: string): Promise<RoutingRuleRow>;
  /** The rule for this match, locked until the transaction ends. */
  abstract lockMatch(db: Transaction, kind: string, value: string): Promise<{ id: string; analyst_id: string } | undefined>;
  /** Routes the match to the analyst: a new rule, or the match's rule moved to them. */
  abstract upsert(db: Transaction, id: string, kind: string, value: string, analystId: string, createdBy: string): Promise<void>;
  /** Deletes a rule; what it was, if there was one. */
  abstract remove(db: Transaction, id: string): Promise<{ kind: string; value: string; analyst_id: string } | undefined>;
}

export class RoutingRulesRepository implements RoutingRules {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<RoutingRuleRow[]> {
    return this.dataSource.query(`${SELECT} ORDER BY array_position(ARRAY['rule', 'merchant', 'language', 'band'], r.kind), r.value`);
  }

  async get(db: Transaction, id: string): Promise<RoutingRuleRow> {
    const [row]: RoutingRuleRow[] = await db.query(`${SELECT} WHERE r.id = $1`, [id]);
    return row;
  }

  async lockMatch(db: Transaction, kind: string, value: string): Promise<{ id: string; analyst_id: string } | undefined> {
    const [before]: { id: string; analyst_id: string }[] = await db.query(`SELECT id, analyst_id FROM routing_rule WHERE kind = $1 AND value = $2 FOR UPDATE`, [kind, value]);
    return before;
  }

  async upsert(db: Transaction, id: string, kind: string, value: string, analystId: string, createdBy: string): Promise<void> {
    await db.query(
      `INSERT INTO routing_rule (id, kind, value, analyst_id, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, value) DO UPDATE SET analyst_id = EXCLUDED.analyst_id, created_by = EXCLUDED.created_by, created_at = now()`,
      [id, kind, value, analystId, createdBy],
    );
  }

  async remove(db: Transaction, id: string): Promise<{ kind: string; value: string; analyst_id: string } | undefined> {
    const [gone]: { kind: string; value: string; analyst_id: string }[] = await db.query(`DELETE FROM routing_rule WHERE id = $1 RETURNING kind, value, analyst_id`, [id]);
    return gone;
  }
}
