import { Inject, Injectable, Logger } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { audit, BacktestCases, BacktestTooLarge, StoredBacktests, Transactions } from '@sentinel/persistence';
import { applyRuleSetChange, backtestTable } from '@sentinel/rules';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { backtestImpact } from './backtest-impact';
import type { RuleSetBacktestBody } from './rule-set-tools.schema';
import { invalidRuleChange, RuleSetsService } from './rule-sets.service';

const DAY_MS = 86_400_000;

/**
 * Runs a draft rule set (the live one with unsaved edits) beside the live one over the last N
 * days of stored events, as `npm run replay` does, before a supervisor publishes it. Bounded: a
 * cap on days and on events, a timeout, and one run at a time per console, so nobody can stall it.
 */
@Injectable()
export class RuleBacktestService {
  private readonly logger = new Logger(RuleBacktestService.name);
  /** When the running backtest started (performance.now()), or undefined when none runs. */
  private runningSince?: number;

  constructor(
    private readonly backtests: StoredBacktests,
    private readonly cases: BacktestCases,
    private readonly transactions: Transactions,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async run(body: RuleSetBacktestBody, actor: string) {
    const limits = this.config.backtest;
    if (body.days > limits.maxDays) {
      return fail('BACKTEST_TOO_LONG', `a backtest covers at most ${limits.maxDays} days; for longer history use npm run replay`);
    }
    const live = await this.ruleSets.liveRuleSet();
    const draft = applyRuleSetChange(live, { rules: body.rules, decisions: body.decisions });
    if (!draft.ok) return invalidRuleChange(draft.error);
    if (this.runningSince !== undefined) {
      // The running one ends by its timeout at the latest: that is when to try again.
      const retryAfterSeconds = Math.max(1, Math.ceil((this.runningSince + limits.timeoutMs - performance.now()) / 1000));
      return fail('BACKTEST_BUSY', `another backtest is running on this console; try again in ${retryAfterSeconds} s at the latest`, { retryAfterSeconds });
    }
    const started = (this.runningSince = performance.now());
    const to = new Date();
    const from = new Date(to.getTime() - body.days * DAY_MS);
    const signal = AbortSignal.timeout(limits.timeoutMs);
    try {
      const report = await this.backtests.run(live, draft.value, { from, to, maxEvents: limits.maxEvents, signal, pageSize: 2000, sliceSize: 250 });
      const impact = await backtestImpact(this.cases, report, { from, to });
      const elapsedMs = Math.round(performance.now() - started);
      await audit(this.transactions.autocommit, {
        actor,
        action: 'rule_set.backtested',
        entityType: 'rule_set',
        entityId: String(live.version),
        after: { days: body.days, from, to, events: report.events, elapsedMs, draft: { rules: body.rules ?? {}, decisions: body.decisions ?? {} } },
      });
      return ok({
        from,
        to,
        days: body.days,
        elapsedMs,
        events: report.events,
        accounts: report.accounts,
        baselineVersion: report.baselineVersion,
        table: backtestTable(report),
        rules: impact.rules,
        cases: impact.cases,
        precision: impact.precision,
        decisions: report.decisions,
        rollups: {
          baseline: { merchants: report.rollups.baseline.merchants.length, rings: report.rollups.baseline.rings.length },
          candidate: { merchants: report.rollups.candidate.merchants.length, rings: report.rollups.candidate.rings.length },
        },
      });
    } catch (error) {
      if (error instanceof BacktestTooLarge) {
        return fail(
          'BACKTEST_TOO_LARGE',
          `the last ${body.days} days hold ${error.events} events, more than the ${error.maxEvents} a backtest here may read; pick fewer days, or use npm run replay`,
        );
      }
      if (signal.aborted) {
        this.logger.warn(`a backtest over ${body.days} days was stopped after ${limits.timeoutMs} ms`);
        return fail('BACKTEST_TIMEOUT', `the backtest was stopped after ${Math.round(limits.timeoutMs / 1000)} s; pick fewer days, or use npm run replay`);
      }
      throw error;
    } finally {
      this.runningSince = undefined;
    }
  }
}
