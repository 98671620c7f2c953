import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { audit } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { BAND_VALUES, type RoutingRuleBody } from './routing-rule.schema';

type Row = { id: string; kind: RoutingRuleBody['kind']; value: string; analyst_id: string; display_name: string; created_by: string; created_at: Date };

const SELECT = `SELECT r.id, r.kind, r.value, r.analyst_id, a.display_name, r.created_by, r.created_at FROM routing_rule r JOIN analyst a ON a.id = r.analyst_id`;
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list() {
    const rows: Row[] = await this.dataSource.query(`${SELECT} ORDER BY array_position(ARRAY['rule', 'merchant', 'language', 'band'], r.kind), r.value`);
    return { items: rows.map(view), bands: BAND_VALUES };
  }

  /** Routes a match to an analyst; a match already routed moves to the new analyst. */
  async set(body: RoutingRuleBody, me: SessionAnalyst) {
    return this.dataSource.transaction(async (db) => {
      const [target]: { disabled: boolean }[] = await db.query(`SELECT disabled FROM analyst WHERE id = $1`, [body.analystId]);
      if (!target || target.disabled) throw new BadRequestException({ error: 'INVALID_BODY', message: `analystId: no active analyst with id ${body.analystId}` });
      const [before]: { id: string; analyst_id: string }[] = await db.query(`SELECT id, analyst_id FROM routing_rule WHERE kind = $1 AND value = $2 FOR UPDATE`, [
        body.kind,
        body.value,
      ]);
      const id = before?.id ?? randomUUID();
      await db.query(
        `INSERT INTO routing_rule (id, kind, value, analyst_id, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (kind, value) DO UPDATE SET analyst_id = EXCLUDED.analyst_id, created_by = EXCLUDED.created_by, created_at = now()`,
        [id, body.kind, body.value, body.analystId, me.actor],
      );
      await audit(db, {
        actor: me.actor,
        action: 'routing_rule.set',
        entityType: 'routing_rule',
        entityId: id,
        before: before ? { kind: body.kind, value: body.value, analystId: before.analyst_id } : null,
        after: { kind: body.kind, value: body.value, analystId: body.analystId },
      });
      const [row]: Row[] = await db.query(`${SELECT} WHERE r.id = $1`, [id]);
      return view(row);
    });
  }

  /** Removes a rule; one already gone is not an error, the list is what the caller asked for. */
  async remove(id: string, me: SessionAnalyst) {
    await this.dataSource.transaction(async (db) => {
      const [gone]: { kind: string; value: string; analyst_id: string }[] = await db.query(`DELETE FROM routing_rule WHERE id = $1 RETURNING kind, value, analyst_id`, [id]);
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
