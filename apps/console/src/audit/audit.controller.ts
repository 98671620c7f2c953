import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { MinRole } from '../auth/auth.decorators';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { auditPage } from '../cases/case.responses';

const auditQuery = z.strictObject({
  entityType: z.enum(['case', 'account', 'analyst', 'rule_set']).optional(),
  entityId: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(100).optional(),
  action: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be an action such as case.claimed').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The smallest id of the previous page: older entries follow. */
  before: z.coerce.number().int().min(1).optional(),
});

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
  async list(@Query(new ZodPipe(auditQuery, 'INVALID_QUERY')) query: z.infer<typeof auditQuery>) {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.actor) add('actor = ?', query.actor);
    if (query.action) add('action = ?', query.action);
    if (query.before) add('id < ?', query.before);
    const items: { id: string }[] = await this.dataSource.query(
      `SELECT id, at, actor, action, entity_type AS "entityType", entity_id AS "entityId", before, after FROM audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.push(query.limit)}`,
      params,
    );
    return { items, nextBefore: items.length === query.limit ? Number(items.at(-1)!.id) : null };
  }
}
