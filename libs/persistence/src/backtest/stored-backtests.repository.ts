import type { BacktestReport, RuleSet } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { backtestStoredEvents, type StoredBacktestOptions } from './stored-backtest';

/** A candidate rule set run beside the baseline over the stored events (backtestStoredEvents). */
export abstract class StoredBacktests {
  abstract run(baseline: RuleSet, candidate: RuleSet, options: StoredBacktestOptions): Promise<BacktestReport>;
}

export class StoredBacktestsRepository implements StoredBacktests {
  constructor(private readonly dataSource: DataSource) {}

  run(baseline: RuleSet, candidate: RuleSet, options: StoredBacktestOptions): Promise<BacktestReport> {
    return backtestStoredEvents(this.dataSource, baseline, candidate, options);
  }
}
