import type { AccountVerdict } from '@sentinel/rules';
import type { Corpus } from './corpus/generate-corpus';
import { FAMILIES } from './corpus/generate-corpus';
import type { Label } from './corpus/story';
import type { ModeResult } from './detector-run';

export interface Thresholds {
  /** Attack accounts with a case, over attack accounts, in every mode. */
  minRecall: number;
  /** Benign accounts with a case, over benign accounts, in every mode. */
  maxFalseCaseRate: number;
  /** Accounts whose verdict (case or not, and the rules on it) differs between modes. */
  maxDisagreements: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minRecall: 0.95, maxFalseCaseRate: 0.01, maxDisagreements: 0 };

export interface Metrics {
  accounts: number;
  attackAccounts: number;
  benignAccounts: number;
  /** Accounts with a fraud case. */
  cases: number;
  attackCases: number;
  benignCases: number;
  /** Attack accounts with a case / attack accounts (null with none). */
  recall: number | null;
  /** Benign accounts with a case / benign accounts (null with none). */
  falseCaseRate: number | null;
  /** Fraud-kind borrower messages on benign accounts / benign accounts (null with none). */
  fraudAlertsPerBenign: number | null;
}

export interface AccountRow {
  accountId: string;
  family: string;
  label: Label;
  /** Per mode: "no case" or "case: <rule> + <rule>", and the fraud messages sent. */
  verdicts: Record<string, string>;
  fraudMessages: Record<string, number>;
}

export interface EvalReport {
  generatedAt: string;
  corpus: {
    seed: number;
    anchor: string;
    stories: number;
    accounts: number;
    events: number;
    families: { name: string; label: Label; description: string; stories: number; accounts: number }[];
  };
  settings: Record<string, string | number | boolean>;
  modes: string[];
  seconds: Record<string, number>;
  overall: Record<string, Metrics>;
  /** `disagreements`: the family's accounts whose verdict differs between modes. */
  byFamily: { family: string; label: Label; perMode: Record<string, Metrics>; disagreements: number }[];
  /** Per rule, the attack and benign accounts whose case shows a hit of it. */
  byRule: { ruleId: string; perMode: Record<string, { attack: number; benign: number }> }[];
  merchants: { expected: string[]; perMode: Record<string, { flagged: string[]; missed: string[]; unexpected: string[] } | null> };
  disagreements: { count: number; accounts: AccountRow[] };
  /** Every labelled account with its verdict in each mode, for looking into a number. */
  accounts: AccountRow[];
  thresholds: Thresholds;
  failures: string[];
}

const NONE: AccountVerdict = { case: false, ruleIds: [], fraudMessages: 0 };

/** One line per verdict, so that two modes agree when their lines are equal. */
export const verdictLine = (v: AccountVerdict) => (v.case ? `case: ${v.ruleIds.join(' + ') || '(no hits)'}` : 'no case');

function metrics(accounts: [string, Label][], verdicts: Record<string, AccountVerdict>): Metrics {
  const attack = accounts.filter(([, l]) => l === 'attack').map(([a]) => verdicts[a] ?? NONE);
  const benign = accounts.filter(([, l]) => l === 'benign').map(([a]) => verdicts[a] ?? NONE);
  const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
  const attackCases = attack.filter((v) => v.case).length;
  const benignCases = benign.filter((v) => v.case).length;
  return {
    accounts: accounts.length,
    attackAccounts: attack.length,
    benignAccounts: benign.length,
    cases: attackCases + benignCases,
    attackCases,
    benignCases,
    recall: ratio(attackCases, attack.length),
    falseCaseRate: ratio(benignCases, benign.length),
    fraudAlertsPerBenign: ratio(
      benign.reduce((sum, v) => sum + v.fraudMessages, 0),
      benign.length,
    ),
  };
}

export function buildReport(corpus: Corpus, results: ModeResult[], thresholds: Thresholds, settings: EvalReport['settings']): EvalReport {
  const modes = results.map((r) => r.mode);
  const labelled = Object.entries(corpus.labels);
  const perMode = <T>(f: (r: ModeResult) => T) => Object.fromEntries(results.map((r) => [r.mode, f(r)]));

  const overall = perMode((r) =>
    metrics(
      labelled.map(([a, l]) => [a, l.label]),
      r.verdicts,
    ),
  );

  const ruleIds = [...new Set(results.flatMap((r) => Object.values(r.verdicts).flatMap((v) => v.ruleIds)))].sort();
  const byRule = ruleIds.map((ruleId) => ({
    ruleId,
    perMode: perMode((r) => {
      const counts = { attack: 0, benign: 0 };
      for (const [accountId, v] of Object.entries(r.verdicts)) {
        const label = corpus.labels[accountId]?.label;
        if (label && v.ruleIds.includes(ruleId)) counts[label]++;
      }
      return counts;
    }),
  }));

  const expected = [...corpus.merchants].sort();
  const merchants = {
    expected,
    perMode: perMode((r) =>
      r.flaggedMerchants === null
        ? null
        : { flagged: r.flaggedMerchants, missed: expected.filter((m) => !r.flaggedMerchants!.includes(m)), unexpected: r.flaggedMerchants.filter((m) => !expected.includes(m)) },
    ),
  };

  const rows: AccountRow[] = labelled.map(([accountId, l]) => ({
    accountId,
    family: l.family,
    label: l.label,
    verdicts: perMode((r) => verdictLine(r.verdicts[accountId] ?? NONE)),
    fraudMessages: perMode((r) => (r.verdicts[accountId] ?? NONE).fraudMessages),
  }));
  const disagreeing = rows.filter((d) => new Set(Object.values(d.verdicts)).size > 1);
  const byFamily = FAMILIES.map((family) => {
    const accounts = labelled.filter(([, l]) => l.family === family.name).map(([a, l]) => [a, l.label] as [string, Label]);
    const disagreements = disagreeing.filter((d) => d.family === family.name).length;
    return { family: family.name, label: family.label, perMode: perMode((r) => metrics(accounts, r.verdicts)), disagreements };
  });

  const failures: string[] = [];
  for (const mode of modes) {
    const m = overall[mode];
    if (m.recall !== null && m.recall < thresholds.minRecall) failures.push(`${mode}: recall ${fmt(m.recall)} is below ${thresholds.minRecall}`);
    if (m.falseCaseRate !== null && m.falseCaseRate > thresholds.maxFalseCaseRate) {
      failures.push(`${mode}: benign false-case rate ${pct(m.falseCaseRate)} is above ${pct(thresholds.maxFalseCaseRate)}`);
    }
  }
  if (disagreeing.length > thresholds.maxDisagreements) {
    failures.push(`${disagreeing.length} account(s) get different verdicts in different modes (at most ${thresholds.maxDisagreements} allowed)`);
  }

  return {
    generatedAt: new Date().toISOString(),
    corpus: {
      seed: corpus.seed,
      anchor: corpus.anchor,
      stories: corpus.stories.length,
      accounts: labelled.length,
      events: corpus.events.length,
      families: FAMILIES.map((f) => ({
        name: f.name,
        label: f.label,
        description: f.description,
        stories: corpus.stories.filter((s) => s.family === f.name).length,
        accounts: labelled.filter(([, l]) => l.family === f.name).length,
      })),
    },
    settings,
    modes,
    seconds: perMode((r) => Math.round(r.seconds * 10) / 10),
    overall,
    byFamily,
    byRule,
    merchants,
    disagreements: { count: disagreeing.length, accounts: disagreeing },
    accounts: rows,
    thresholds,
    failures,
  };
}

const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(2));
const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * The report as text: per family (attack families show recall, benign ones the false-case rate
 * and fraud alerts per account) and per rule, one column group per mode.
 */
export function renderReport(report: EvalReport): string {
  const out: string[] = [];
  const { corpus, modes } = report;
  out.push(`Corpus: seed ${corpus.seed}, ${corpus.stories} stories, ${corpus.accounts} accounts, ${corpus.events} events, anchored at ${corpus.anchor}`);
  out.push(`Modes: ${modes.map((m) => `${m} (${report.seconds[m]} s)`).join(', ')}`);
  out.push('');
  const cell = (m: Metrics, label: Label) =>
    label === 'attack' ? `${m.attackCases}/${m.attackAccounts} ${fmt(m.recall)}` : `${m.benignCases}/${m.benignAccounts} ${pct(m.falseCaseRate)} ${fmt(m.fraudAlertsPerBenign)}`;
  const header = ['family', 'accounts', ...modes, 'differ'];
  const rows = report.byFamily.map((f) => [f.family, String(f.perMode[modes[0]]?.accounts ?? 0), ...modes.map((m) => cell(f.perMode[m], f.label)), String(f.disagreements)]);
  const differ = (label: Label) => String(report.byFamily.filter((f) => f.label === label).reduce((sum, f) => sum + f.disagreements, 0));
  rows.push(['ALL attack', String(report.overall[modes[0]].attackAccounts), ...modes.map((m) => cell(report.overall[m], 'attack')), differ('attack')]);
  rows.push(['ALL benign', String(report.overall[modes[0]].benignAccounts), ...modes.map((m) => cell(report.overall[m], 'benign')), differ('benign')]);
  out.push(
    'Per family — attack: accounts with a case / accounts, recall; benign: accounts with a case / accounts, false-case rate, fraud alerts per account; differ: accounts whose verdict differs between modes',
  );
  out.push(...table(header, rows));
  out.push('');
  out.push('Per rule — accounts whose case shows a hit of the rule: attack / benign');
  out.push(
    ...table(
      ['rule', ...modes],
      report.byRule.map((r) => [r.ruleId, ...modes.map((m) => `${r.perMode[m].attack} / ${r.perMode[m].benign}`)]),
    ),
  );
  out.push('');
  const merchantLine = (m: string) => {
    const x = report.merchants.perMode[m];
    return x
      ? `${m}: ${x.flagged.length - x.unexpected.length}/${report.merchants.expected.length} preying merchants flagged, ${x.unexpected.length} other(s) flagged`
      : `${m}: no roll-up`;
  };
  out.push(`Merchant roll-up — ${modes.map(merchantLine).join('; ')}`);
  out.push('');
  out.push(`Disagreement between modes: ${report.disagreements.count} account(s)`);
  for (const d of report.disagreements.accounts.slice(0, 10)) {
    out.push(`  ${d.accountId} (${d.family}): ${modes.map((m) => `${m}: ${d.verdicts[m]}`).join(' | ')}`);
  }
  if (report.disagreements.count > 10) out.push(`  … and ${report.disagreements.count - 10} more in the JSON report`);
  out.push('');
  const t = report.thresholds;
  out.push(`Thresholds: recall >= ${t.minRecall}, benign false-case rate <= ${pct(t.maxFalseCaseRate)}, disagreements <= ${t.maxDisagreements}`);
  out.push(report.failures.length ? `FAIL\n${report.failures.map((f) => `  ${f}`).join('\n')}` : 'PASS');
  return out.join('\n');
}
