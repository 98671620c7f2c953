import { Body, Controller, Get, Param, ParseIntPipe, Patch, Query } from '@nestjs/common';
import { RULE_CATALOG } from '@sentinel/rules';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiQueryOf, ApiResponseOf } from '../openapi';
import { z } from 'zod';
import { ZodPipe } from '../zod.pipe';
import { ruleSetChangeBody, type RuleSetChangeBody } from './rule-set-change.body';
import { RuleSetsService } from './rule-sets.service';
import { changedRuleSet, liveRuleSet, ruleCatalog, ruleSetHistory } from './rule.responses';

const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

@Controller('api/rules')
@MinRole('supervisor')
export class RulesController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  /** The live rule set: every rule with its settings, defaults, phase and category, and the decision bands. */
  @Get()
  @ApiResponseOf(liveRuleSet)
  live() {
    return this.ruleSets.live();
  }

  /** Every rule's id and what it looks for: analysts pick a rule to filter the queue by. */
  @Get('catalog')
  @MinRole('analyst')
  @ApiResponseOf(ruleCatalog)
  catalog() {
    return { items: RULE_CATALOG.map(({ id, description }) => ({ id, description })) };
  }

  @Get('history')
  @ApiQueryOf(historyQuery)
  @ApiResponseOf(ruleSetHistory)
  history(@Query(new ZodPipe(historyQuery, 'INVALID_QUERY')) query: z.infer<typeof historyQuery>) {
    return this.ruleSets.history(query.limit);
  }

  @Get('history/:version')
  version(@Param('version', ParseIntPipe) version: number) {
    return this.ruleSets.version(version);
  }

  /** A new version with the change applied; running detectors take it up within seconds. */
  @Patch()
  @ApiBodyOf(ruleSetChangeBody)
  @ApiResponseOf(changedRuleSet)
  async change(@Body(new ZodPipe(ruleSetChangeBody)) body: RuleSetChangeBody, @CurrentAnalyst() me: SessionAnalyst) {
    const next = await this.ruleSets.change(body, me.actor);
    return { version: next.version, decisions: next.decisions, rules: next.rules };
  }
}
