import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, httpErrorOf, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Patch, Post, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { approval } from '../approvals/approval.responses';
import { ApprovalsService } from '../approvals/approvals.service';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { RULE_CATALOG } from '@sentinel/rules';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiQueryOf, ApiResponseOf } from '../openapi';
import { z } from 'zod';
import { ZodPipe } from '../zod.pipe';
import { RetryAfterFilter } from '../retry-after.filter';
import { ruleSetChangeBody, type RuleSetChangeBody } from './rule-set-change.schema';
import { RuleBacktestService } from './rule-backtest.service';
import { RuleSetsService } from './rule-sets.service';
import { scoreCalibrationQuery, type ScoreCalibrationQuery, ScoreCalibrationService } from './score-calibration.service';
import { ruleSetBacktestBody, type RuleSetBacktestBody, ruleSetDiffQuery, type RuleSetDiffQuery, ruleSetRollbackBody, type RuleSetRollbackBody } from './rule-set-tools.schema';
import { backtestResult, changedRuleSet, liveRuleSet, rolledBackRuleSet, ruleCatalog, ruleSetDiff, ruleSetHistory, scoreCalibration, storedRuleSet } from './rule.responses';

const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

@Controller('api/rules')
@MinRole('supervisor')
export class RulesController {
  constructor(
    private readonly ruleSets: RuleSetsService,
    private readonly backtests: RuleBacktestService,
    private readonly calibrations: ScoreCalibrationService,
    private readonly approvals: ApprovalsService,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'fourEyes'>,
  ) {}

  /** The live rule set: every rule with its settings, defaults, phase and category, and the decision bands. */
  @Get()
  @ApiResponseOf(liveRuleSet)
  @ApiOperation({ summary: 'The live rule set' })
  async live() {
    const [live, pendingPublication] = await Promise.all([this.ruleSets.live(), this.approvals.pendingFor('rule_set')]);
    return { ...live, fourEyes: this.config.fourEyes.ruleSets, pendingPublication };
  }

  /** Every rule's id and what it looks for: analysts pick a rule to filter the queue by. */
  @Get('catalog')
  @MinRole('analyst')
  @ApiResponseOf(ruleCatalog)
  @ApiOperation({ summary: 'The rule catalog' })
  catalog() {
    return { items: RULE_CATALOG.map(({ id, description }) => ({ id, description })) };
  }

  /** Per score band, the share of fraud among the cases resolved in the period: whether the score ranks. */
  @Get('calibration')
  @ApiQueryOf(scoreCalibrationQuery)
  @ApiResponseOf(scoreCalibration)
  @ApiOperation({ summary: 'Score calibration from resolved cases' })
  @ApiErrors('INVALID_QUERY')
  calibration(@Query(new ZodPipe(scoreCalibrationQuery, 'INVALID_QUERY')) query: ScoreCalibrationQuery) {
    return this.calibrations.calibration(query);
  }

  @Get('history')
  @ApiQueryOf(historyQuery)
  @ApiResponseOf(ruleSetHistory)
  @ApiOperation({ summary: 'Earlier rule-set versions' })
  @ApiErrors('INVALID_QUERY')
  history(@Query(new ZodPipe(historyQuery, 'INVALID_QUERY')) query: z.infer<typeof historyQuery>) {
    return this.ruleSets.history(query.limit);
  }

  @Get('history/:version')
  @ApiResponseOf(storedRuleSet)
  @ApiOperation({ summary: 'One rule-set version' })
  @ApiErrors('INVALID_ID', 'RULE_SET_NOT_FOUND')
  async version(@Param('version', new ParseIntPipe({ exceptionFactory: () => httpErrorOf({ code: 'INVALID_ID', message: 'version: not a whole number' }) })) version: number) {
    return unwrap(await this.ruleSets.version(version));
  }

  /**
   * A new version with the change applied; running detectors take it up within seconds. With
   * FOUR_EYES_RULE_SETS on (the default) the change is checked and waits, 202, for a second
   * supervisor's approval (POST /api/approvals/:id/approve).
   */
  @Patch()
  @ApiBodyOf(ruleSetChangeBody)
  @ApiResponseOf(changedRuleSet)
  @ApiResponseOf(approval, 202)
  @ApiOperation({ summary: 'Change the live rule set' })
  @ApiErrors('INVALID_BODY', 'INVALID_RULE_CHANGE', 'RULE_SET_CHANGED', 'APPROVAL_PENDING')
  async change(@Body(new ZodPipe(ruleSetChangeBody)) body: RuleSetChangeBody, @CurrentAnalyst() me: SessionAnalyst, @Res({ passthrough: true }) res: Response) {
    if (this.config.fourEyes.ruleSets) {
      res.status(202);
      return unwrap(await this.approvals.requestRuleSetChange(body, me));
    }
    const next = unwrap(await this.ruleSets.change(body, me.actor));
    return { version: next.version, decisions: next.decisions, rules: next.rules };
  }

  /** Per rule, each field that differs between two versions (`to` omitted: the live one). */
  @Get('diff')
  @ApiQueryOf(ruleSetDiffQuery)
  @ApiResponseOf(ruleSetDiff)
  @ApiOperation({ summary: 'What changed between two rule-set versions' })
  @ApiErrors('INVALID_QUERY', 'RULE_SET_NOT_FOUND')
  async diff(@Query(new ZodPipe(ruleSetDiffQuery, 'INVALID_QUERY')) query: RuleSetDiffQuery) {
    return unwrap(await this.ruleSets.diff(query.from, query.to));
  }

  /** An earlier version's settings, live again as a new version; audited with the reason. */
  @Post('rollback')
  @ApiBodyOf(ruleSetRollbackBody)
  @ApiResponseOf(rolledBackRuleSet, 201)
  @ApiResponseOf(approval, 202)
  @ApiOperation({ summary: 'Roll the rule set back to an earlier version' })
  @ApiErrors('INVALID_BODY', 'RULE_SET_NOT_FOUND', 'ROLLBACK_NOT_EARLIER', 'ROLLBACK_NO_CHANGE', 'RULE_SET_CHANGED', 'APPROVAL_PENDING')
  async rollback(@Body(new ZodPipe(ruleSetRollbackBody)) body: RuleSetRollbackBody, @CurrentAnalyst() me: SessionAnalyst, @Res({ passthrough: true }) res: Response) {
    // A rollback publishes too: with four eyes on it waits for a second supervisor like a change.
    if (this.config.fourEyes.ruleSets) {
      res.status(202);
      return unwrap(await this.approvals.requestRuleSetRollback(body, me));
    }
    const next = unwrap(await this.ruleSets.rollback(body, me.actor));
    return { version: next.version, restoredFrom: next.restoredFrom, decisions: next.decisions, rules: next.rules };
  }

  /** The live rule set with unsaved edits, run beside the live one over the last N days of stored events; writes nothing. */
  @Post('backtest')
  @HttpCode(200)
  @ApiBodyOf(ruleSetBacktestBody)
  @ApiResponseOf(backtestResult)
  @ApiOperation({ summary: 'Backtest a rule-set change on recent events' })
  @ApiErrors('INVALID_BODY', 'INVALID_RULE_CHANGE', 'BACKTEST_TOO_LONG', 'BACKTEST_TOO_LARGE', 'BACKTEST_TIMEOUT', 'BACKTEST_BUSY')
  @UseFilters(RetryAfterFilter)
  async backtest(@Body(new ZodPipe(ruleSetBacktestBody)) body: RuleSetBacktestBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.backtests.run(body, me.actor));
  }
}
