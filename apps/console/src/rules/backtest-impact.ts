import type { AccountVerdict, BacktestReport } from '@sentinel/rules';
import { createHash } from 'node:crypto';
import type { BacktestCases, CaseOutcome } from '@sentinel/persistence';

/** Accounts listed per side (cases opened, cases closed): enough to read through, not a dump. */
export const CASE_SAMPLE = 50;
/** Accounts with an outcome the precision is estimated on; beyond that the estimate barely moves and the lists grow. */
const PRECISION_SAMPLE = 2000;

type Outcome = CaseOutcome;

/**
 * A stable pseudo-random order: a sample drawn by it spreads over the whole range of ids (not the
 * first 50 alphabetically), and the same backtest run twice lists the same accounts.
 */
const bySampleOrder = (ids: string[]) =>
  ids
    .map((id) => [createHash('sha256').update(id).digest('hex'), id] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, id]) => id);

const caseWorthy = (verdicts: Record<string, AccountVerdict>) => new Set(Object.keys(verdicts).filter((id) => verdicts[id].case));

/** Per rule, the accounts each version would give a case holding that rule's hits. */
function caseAccountsByRule(report: BacktestReport): Map<string, { baseline: number; candidate: number }> {
  const counts = new Map<string, { baseline: number; candidate: number }>();
  for (const side of ['baseline', 'candidate'] as const)
    for (const verdict of Object.values(report.verdicts[side])) {
      if (!verdict.case) continue;
      for (const ruleId of verdict.ruleIds) {
        const count = counts.get(ruleId) ?? { baseline: 0, candidate: 0 };
        count[side]++;
        counts.set(ruleId, count);
      }
    }
  return counts;
}

function precisionOn(flagged: Set<string>, labelled: [string, Outcome][]) {
  let fraud = 0;
  let legitimate = 0;
  for (const [accountId, outcome] of labelled) {
    if (!flagged.has(accountId)) continue;
    if (outcome === 'fraud') fraud++;
    else legitimate++;
  }
  const n = fraud + legitimate;
  return { n, fraud, legitimate, precision: n ? Math.round((fraud / n) * 1000) / 1000 : null };
}

/**
 * What a backtest changes for analysts, beyond the hit counts: per rule the accounts that would
 * get a case, the accounts whose case would open or close (sampled, linked to the case they have),
 * and the precision of each version on the accounts whose cases in the range have an outcome.
 */
export async function backtestImpact(db: BacktestCases, report: BacktestReport, range: { from: Date; to: Date }) {
  const before = caseWorthy(report.verdicts.baseline);
  const after = caseWorthy(report.verdicts.candidate);
  const opened = bySampleOrder([...after].filter((id) => !before.has(id)));
  const closed = bySampleOrder([...before].filter((id) => !after.has(id)));
  const shown = { opened: opened.slice(0, CASE_SAMPLE), closed: closed.slice(0, CASE_SAMPLE) };
  const cases = await db.newestCases([...shown.opened, ...shown.closed]);
  const listed = (ids: string[], side: 'baseline' | 'candidate') =>
    ids.map((accountId) => ({ accountId, ruleIds: report.verdicts[side][accountId].ruleIds, case: cases.get(accountId) ?? null }));

  // Only accounts either version flags can move the estimate; the rest are left out before sampling.
  const known = await db.outcomes(range.from, range.to);
  const candidates = [...known.keys()].filter((id) => before.has(id) || after.has(id));
  const sampled = bySampleOrder(candidates)
    .slice(0, PRECISION_SAMPLE)
    .map((id): [string, Outcome] => [id, known.get(id)!]);

  const byRule = caseAccountsByRule(report);
  return {
    rules: report.rules.map((rule) => ({ ...rule, caseAccounts: byRule.get(rule.ruleId) ?? { baseline: 0, candidate: 0 } })),
    cases: {
      sampleSize: CASE_SAMPLE,
      opened: { count: opened.length, sample: listed(shown.opened, 'candidate') },
      closed: { count: closed.length, sample: listed(shown.closed, 'baseline') },
    },
    precision: {
      withOutcome: candidates.length,
      sampled: sampled.length,
      baseline: precisionOn(before, sampled),
      candidate: precisionOn(after, sampled),
    },
  };
}
