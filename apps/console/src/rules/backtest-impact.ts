import type { AccountVerdict, BacktestReport } from '@sentinel/rules';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Accounts listed per side (cases opened, cases closed): enough to read through, not a dump. */
export const CASE_SAMPLE = 50;
/** Accounts with an outcome the precision is estimated on; beyond that the estimate barely moves and the lists grow. */
const PRECISION_SAMPLE = 2000;

type Outcome = 'fraud' | 'legitimate';
interface ExistingCase {
  id: string;
  referenceCode: string;
  status: string;
}

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

/**
 * The newest case of each account, an unresolved one first: the one an analyst would open to see
 * what the account's case looks like today.
 */
async function existingCases(db: DataSource, accountIds: string[]): Promise<Map<string, ExistingCase>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.query<{ account_id: string; id: string; reference_code: string; status: string }[]>(
    `SELECT DISTINCT ON (account_id) account_id, id, reference_code, status FROM fraud_case
      WHERE account_id = ANY($1) ORDER BY account_id, (status <> 'resolved') DESC, opened_at DESC`,
    [accountIds],
  );
  return new Map(rows.map((r) => [r.account_id, { id: r.id, referenceCode: r.reference_code, status: r.status }]));
}

/**
 * Each account's outcome from its newest case opened in the backtest's range that has one, counted
 * as the Rules page counts a rule's precision: fraud when resolved as fraud or denied by the
 * borrower, legitimate when resolved legitimate or confirmed by the borrower. An analyst's
 * resolution outranks the borrower's answer.
 */
async function outcomes(db: DataSource, from: Date, to: Date): Promise<Map<string, Outcome>> {
  const rows = await db.query<{ account_id: string; outcome: Outcome }[]>(
    `SELECT DISTINCT ON (account_id) account_id,
            CASE WHEN resolution = 'fraud_confirmed' THEN 'fraud' WHEN resolution = 'legitimate' THEN 'legitimate'
                 WHEN borrower_answer = 'not_me' THEN 'fraud' ELSE 'legitimate' END AS outcome
       FROM fraud_case
      WHERE opened_at >= $1 AND opened_at < $2
        AND (resolution IN ('fraud_confirmed', 'legitimate') OR borrower_answer IN ('me', 'not_me'))
      ORDER BY account_id, opened_at DESC`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.account_id, r.outcome]));
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
export async function backtestImpact(db: DataSource, report: BacktestReport, range: { from: Date; to: Date }) {
  const before = caseWorthy(report.verdicts.baseline);
  const after = caseWorthy(report.verdicts.candidate);
  const opened = bySampleOrder([...after].filter((id) => !before.has(id)));
  const closed = bySampleOrder([...before].filter((id) => !after.has(id)));
  const shown = { opened: opened.slice(0, CASE_SAMPLE), closed: closed.slice(0, CASE_SAMPLE) };
  const cases = await existingCases(db, [...shown.opened, ...shown.closed]);
  const listed = (ids: string[], side: 'baseline' | 'candidate') =>
    ids.map((accountId) => ({ accountId, ruleIds: report.verdicts[side][accountId].ruleIds, case: cases.get(accountId) ?? null }));

  // Only accounts either version flags can move the estimate; the rest are left out before sampling.
  const known = await outcomes(db, range.from, range.to);
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
