import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/service-kit';
import { Controller, Get, Query } from '@nestjs/common';
import { completeRuleSet, diffRuleSets, type RuleSet, type RuleSetDiff } from '@sentinel/rules';
import { MinRole } from '../auth/auth.decorators';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { auditQuery, type AuditQuery } from './audit.query';
import { auditPage } from '../cases/case.responses';
import { AuditTrail, type AuditRow } from '@sentinel/persistence';

const isRuleSet = (value: unknown): value is Pick<RuleSet, 'version' | 'rules' | 'decisions'> =>
  !!value && typeof value === 'object' && 'rules' in value && 'decisions' in value && 'version' in value;

/**
 * The audit trail, newest first. Read-only by design: there is no route that changes it, and the
 * table refuses UPDATE and DELETE.
 */
@Controller('api/audit')
@MinRole('supervisor')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @ApiQueryOf(auditQuery)
  @ApiResponseOf(auditPage)
  @ApiOperation({ summary: 'The audit trail, filtered' })
  @ApiErrors('INVALID_QUERY')
  async list(@Query(new ZodPipe(auditQuery, 'INVALID_QUERY')) query: AuditQuery) {
    const rows = await this.trail.page(query);
    const items = rows.map((row) => ({ ...row, ruleDiff: ruleDiffOf(row) }));
    return { items, nextBefore: items.length === query.limit ? Number(items.at(-1)!.id) : null, names: await this.trail.names(rows) };
  }
}

/** A rule-set entry holds both whole versions; the reader wants what differs between them. */
function ruleDiffOf(row: AuditRow): RuleSetDiff | undefined {
  if (row.entityType !== 'rule_set' || !isRuleSet(row.before) || !isRuleSet(row.after)) return undefined;
  return diffRuleSets(completeRuleSet(row.before), completeRuleSet(row.after));
}
