import type { BacktestReport } from './backtest';

/**
 * The per-rule table of a backtest, cell for cell: rule, hits under the baseline, hits under the
 * candidate, hits added, hits removed. `npm run replay` prints it and the console shows it, so a
 * supervisor reads the same figures in either place.
 */
export function backtestTable(report: BacktestReport): { header: string[]; rows: string[][] } {
  return {
    header: ['rule', `v${report.baselineVersion}`, `v${report.candidateVersion}`, 'added', 'removed'],
    rows: report.rules.map((r) => [r.ruleId, String(r.baseline), String(r.candidate), `+${r.added.count}`, `-${r.removed.count}`]),
  };
}
