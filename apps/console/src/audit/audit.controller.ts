import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/service-kit';
import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { completeRuleSet, diffRuleSets, type RuleSet, type RuleSetDiff } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { MinRole } from '../auth/auth.decorators';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { auditQuery, type AuditQuery } from './audit.query';
import { auditPage } from '../cases/case.responses';
import { auditNames } from './audit-names';

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const isRuleSet = (value: unknown): value is Pick<RuleSet, 'version' | 'rules' | 'decisions'> =>
  !!value && typeof value === 'object' && 'rules' in value && 'decisions' in value && 'version' in value;

/**
 * The audit trail, newest first. Read-only by design: there is no route that changes it, and the
 * table refuses UPDATE and DELETE.
 */
@Controller('api/audit')
@MinRole('supervisor')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiQueryOf(auditQuery)
  @ApiResponseOf(auditPage)
  @ApiOperation({ summary: 'The audit trail, filtered' })
  @ApiErrors('INVALID_QUERY')
  async list(@Query(new ZodPipe(auditQuery, 'INVALID_QUERY')) query: AuditQuery) {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, ...values: unknown[]) => where.push(values.reduce<string>((s, v) => s.replace('?', `$${params.push(v)}`), sql));
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.actor) add('actor = ?', query.actor);
    if (query.action) {
      if (query.action.includes('.')) add('action = ?', query.action);
      else add(`action LIKE ?`, `${query.action}.%`);
    }
    if (query.case) {
      add(`entity_type = 'case' AND entity_id IN (SELECT id::text FROM fraud_case WHERE id::text = ? OR reference_code = upper(?))`, query.case, query.case);
    }
    if (query.account) {
      add(
        `((entity_type = 'account' AND entity_id = ?) OR (entity_type = 'case' AND entity_id IN (SELECT id::text FROM fraud_case WHERE account_id = ?)))`,
        query.account,
        query.account,
      );
    }
    if (query.from) add('at >= ?', query.from);
    if (query.to) add('at < ?', query.to);
    if (query.before) add('id < ?', query.before);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, actor, action, entity_type AS "entityType", entity_id AS "entityId", before, after FROM audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.push(query.limit)}`,
      params,
    );
    const items = rows.map((row) => ({ ...row, ruleDiff: ruleDiffOf(row) }));
    return { items, nextBefore: items.length === query.limit ? Number(items.at(-1)!.id) : null, names: await auditNames(this.dataSource, rows) };
  }
}

/** A rule-set entry holds both whole versions; the reader wants what differs between them. */
function ruleDiffOf(row: AuditRow): RuleSetDiff | undefined {
  if (row.entityType !== 'rule_set' || !isRuleSet(row.before) || !isRuleSet(row.after)) return undefined;
  return diffRuleSets(completeRuleSet(row.before), completeRuleSet(row.after));
}
