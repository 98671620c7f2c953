import { Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { AnalystDirectory, audit, type RoutingRuleRow, RoutingRules, Transactions } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { BAND_VALUES, type RoutingRuleBody } from './routing-rule.schema';

type Row = RoutingRuleRow;
const view = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  analyst: { id: r.analyst_id, displayName: r.display_name },
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

/** Assignment rules, set and removed by supervisors, each change in the audit log. */
@Injectable()
export class RoutingRulesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly rules: RoutingRules,
    private readonly analysts: AnalystDirectory,
  ) {}

  async list() {
    const rows = await this.rules.list();
    return { items: rows.map(view), bands: BAND_VALUES };
  }

  /** Routes a match to an analyst; a match already routed moves to the new analyst. */
  async set(body: RoutingRuleBody, me: SessionAnalyst) {
    return this.transactions.run(async (db) => {
      const target = await this.analysts.stateOf(db, body.analystId);
      if (!target || target.disabled) return fail('INVALID_BODY', `analystId: no active analyst with id ${body.analystId}`);
      const before = await this.rules.lockMatch(db, body.kind, body.value);
      const id = before?.id ?? randomUUID();
      await this.rules.upsert(db, id, body.kind, body.value, body.analystId, me.actor);
      await audit(db, {
        actor: me.actor,
        action: 'routing_rule.set',
        entityType: 'routing_rule',
        entityId: id,
        before: before ? { kind: body.kind, value: body.value, analystId: before.analyst_id } : null,
        after: { kind: body.kind, value: body.value, analystId: body.analystId },
      });
      return ok(view(await this.rules.get(db, id)));
    });
  }

  /** Removes a rule; one already gone is not an error, the list is what the caller asked for. */
  async remove(id: string, me: SessionAnalyst) {
    await this.transactions.run(async (db) => {
      const gone = await this.rules.remove(db, id);
      if (gone)
        await audit(db, {
          actor: me.actor,
          action: 'routing_rule.deleted',
          entityType: 'routing_rule',
          entityId: id,
          before: { kind: gone.kind, value: gone.value, analystId: gone.analyst_id },
          after: null,
        });
    });
  }
}
