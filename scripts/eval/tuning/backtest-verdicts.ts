import type { AccountEvent } from '@sentinel/contracts';
import { Backtest, type Clock, type RuleSet } from '@sentinel/rules';

/** A baseline that judges nothing: the backtest runs two sides, and only the candidate's is wanted. */
function silent(ruleSet: RuleSet): RuleSet {
  const off = structuredClone(ruleSet);
  off.version = 0;
  for (const rule of Object.values(off.rules)) rule.enabled = false;
  return off;
}

/**
 * What a rule set does to each account of a corpus, as replay judges it (the backtest the replay
 * script runs), in process and in memory: no Kafka, no database. `events` in event-time order.
 */
export function backtestVerdicts(ruleSet: RuleSet, events: readonly AccountEvent[], clock: Clock, latenessMs: number) {
  const backtest = new Backtest(silent(ruleSet), ruleSet, clock, latenessMs);
  for (const event of events) backtest.feed(event);
  return backtest.finish().verdicts.candidate;
}
