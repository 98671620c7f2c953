import { Body, Controller, Get, Param, ParseIntPipe, Patch, Query, Req, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../zod.pipe';
import { ruleSetChangeBody, type RuleSetChangeBody } from './rule-set-change.body';
import { RuleSetsService } from './rule-sets.service';
import { SupervisorGuard, type SupervisorRequest } from './supervisor.guard';

const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

@Controller('api/rules')
export class RulesController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  /** The live rule set: every rule with its settings, defaults, phase and category, and the decision bands. */
  @Get()
  live() {
    return this.ruleSets.live();
  }

  @Get('history')
  history(@Query(new ZodPipe(historyQuery, 'INVALID_QUERY')) query: z.infer<typeof historyQuery>) {
    return this.ruleSets.history(query.limit);
  }

  @Get('history/:version')
  version(@Param('version', ParseIntPipe) version: number) {
    return this.ruleSets.version(version);
  }

  /** A new version with the change applied; running detectors take it up within seconds. */
  @Patch()
  @UseGuards(SupervisorGuard)
  async change(@Body(new ZodPipe(ruleSetChangeBody)) body: RuleSetChangeBody, @Req() request: SupervisorRequest) {
    const next = await this.ruleSets.change(body, request.actor!);
    return { version: next.version, decisions: next.decisions, rules: next.rules };
  }
}
