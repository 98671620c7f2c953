import type { Corpus } from './corpus/generate-corpus';
import { FAMILIES } from './corpus/generate-corpus';
import { type FamilyGroup, FAMILY_GROUPS, type Label } from './corpus/story';
import type { ModeResult } from './detector-run';
import { afterAnswers, contactHistory, withStepUpReach } from './borrower-answers';
import { calibration, type CalibrationRow, type EvalVerdict, type Metrics, metricsOf, type ScoredAccount } from './metrics';
import type { LeaveFamilyOutReport } from './tuning/leave-family-out';

export interface Thresholds {
  /** Described families: attack accounts with a case, over attack accounts, in every mode. */
  minRecall: number;
  /** Described families: benign accounts with a case, over benign accounts, in every mode. */
  maxFalseCaseRate: number;
  /** Accounts (of any family) whose verdict (case or not, and the rules on it) differs between modes. */
  maxDisagreements: number;
  /** Held-out families: recall in every mode. */
  heldoutMinRecall: number;
  /** Held-out families: benign false-case rate in every mode. */
  heldoutMaxFalseCaseRate: number;
  /** Held-out families: fraud deliveries (email and SMS each count) per 100 benign accounts, in every mode. */
  heldoutMaxDeliveriesPer100: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  minRecall: 0.95,
  maxFalseCaseRate: 0.01,
  maxDisagreements: 0,
  heldoutMinRecall: 0.95,
  heldoutMaxFalseCaseRate: 0.02,
  heldoutMaxDeliveriesPer100: 20,
};

interface AccountRow {
  accountId: string;
  family: string;
  label: Label;
  /** Per mode: "no case" or "case: <rule> + <rule>", and the fraud messages sent. */
  verdicts: Record<string, string>;
  fraudMessages: Record<string, number>;
  /** Per detector mode (absent in replay): messages without a case, holds, and the case's score. */
  headsUps: Record<string, number | undefined>;
  stepUps: Record<string, number | undefined>;
  caseScore: Record<string, number | undefined>;
}

export interface EvalReport {
  generatedAt: string;
  corpus: {
    seed: number;
    anchor: string;
    stories: number;
    accounts: number;
    events: number;
    families: { name: string; group: FamilyGroup; label: Label; description: string; stories: number; accounts: number }[];
  };
  settings: Record<string, string | number | boolean>;
  modes: string[];
  seconds: Record<string, number>;
  overall: Record<string, Metrics>;
  /** Per family group (described, heldout), per mode. */
  byGroup: Record<FamilyGroup, Record<string, Metrics>>;
  /** As `byGroup`, before any borrower answered a step-up: every step-up still counts as a case. */
  beforeAnswers: Record<FamilyGroup, Record<string, Metrics>>;
  /** `disagreements`: the family's accounts whose verdict differs between modes. */
  byFamily: { family: string; group: FamilyGroup; label: Label; perMode: Record<string, Metrics>; disagreements: number }[];
  /** Per mode, the share of fraud among cases per score band (null where the mode knows no case scores). */
  calibration: Record<string, CalibrationRow[] | null>;
  /** Tuned on the other families, measured on the one held out (null when not run). */
  leaveFamilyOut: LeaveFamilyOutReport | null;
  /** Per rule, the attack and benign accounts whose case shows a hit of it. */
  byRule: { ruleId: string; perMode: Record<string, { attack: number; benign: number }> }[];
  merchants: { expected: string[]; perMode: Record<string, { flagged: string[]; missed: string[]; unexpected: string[] } | null> };
  disagreements: { count: number; accounts: AccountRow[] };
  /** Every labelled account with its verdict in each mode, for looking into a number. */
  accounts: AccountRow[];
  thresholds: Thresholds;
  failures: string[];
}

const NONE: EvalVerdict = { case: false, ruleIds: [], fraudMessages: 0 };

/** One line per verdict, so that two modes agree when their lines are equal. */
const verdictLine = (v: EvalVerdict) =>
  v.case ? `case: ${v.ruleIds.join(' + ') || '(no hits)'}` : v.released ? `step-up closed by "was me": ${v.ruleIds.join(' + ')}` : 'no case';

export function buildReport(
  corpus: Corpus,
  asSent: ModeResult[],
  thresholds: Thresholds,
  settings: EvalReport['settings'],
  leaveFamilyOut: LeaveFamilyOutReport | null = null,
): EvalReport {
  // Every figure but `beforeAnswers` is after each borrower's answer to a step-up, as analysts meet the queue.
  const history = contactHistory(corpus.events);
  const sent = asSent.map((r) => ({ ...r, verdicts: withStepUpReach(r.verdicts, history) }));
  const results = sent.map((r) => ({ ...r, verdicts: afterAnswers(r.verdicts, corpus.labels, history) }));
  const modes = results.map((r) => r.mode);
  const labelled = Object.entries(corpus.labels);
  const perMode = <T>(f: (r: ModeResult) => T) => Object.fromEntries(results.map((r) => [r.mode, f(r)]));
  const scored = (keep: (l: Corpus['labels'][string]) => boolean): ScoredAccount[] =>
    labelled.filter(([, l]) => keep(l)).map(([accountId, l]) => ({ accountId, label: l.label, channels: l.channels }));

  const everyone = scored(() => true);
  const overall = perMode((r) => metricsOf(everyone, r.verdicts));
  const groupMetrics = (of: ModeResult[]) =>
    Object.fromEntries(
      FAMILY_GROUPS.map((group) => {
        const accounts = scored((l) => l.group === group);
        return [group, Object.fromEntries(of.map((r) => [r.mode, metricsOf(accounts, r.verdicts)]))];
      }),
    ) as Record<FamilyGroup, Record<string, Metrics>>;
  const byGroup = groupMetrics(results);
  const beforeAnswers = groupMetrics(sent);

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
    headsUps: perMode((r) => r.verdicts[accountId]?.headsUps),
    stepUps: perMode((r) => r.verdicts[accountId]?.stepUps),
    caseScore: perMode((r) => r.verdicts[accountId]?.caseScore),
  }));
  const disagreeing = rows.filter((d) => new Set(Object.values(d.verdicts)).size > 1);
  const present = new Set(labelled.map(([, l]) => l.family));
  const byFamily = FAMILIES.filter((f) => present.has(f.name)).map((family) => {
    const accounts = scored((l) => l.family === family.name);
    const disagreements = disagreeing.filter((d) => d.family === family.name).length;
    return { family: family.name, group: family.group, label: family.label, perMode: perMode((r) => metricsOf(accounts, r.verdicts)), disagreements };
  });

  const failures: string[] = [];
  const limits = {
    described: { minRecall: thresholds.minRecall, maxFalseCaseRate: thresholds.maxFalseCaseRate, maxDeliveries: Number.POSITIVE_INFINITY },
    heldout: { minRecall: thresholds.heldoutMinRecall, maxFalseCaseRate: thresholds.heldoutMaxFalseCaseRate, maxDeliveries: thresholds.heldoutMaxDeliveriesPer100 },
  };
  for (const group of FAMILY_GROUPS) {
    const limit = limits[group];
    for (const mode of modes) {
      const m = byGroup[group][mode];
      if (m.recall !== null && m.recall < limit.minRecall) failures.push(`${group}, ${mode}: recall ${fmt(m.recall)} is below ${limit.minRecall}`);
      if (m.falseCaseRate !== null && m.falseCaseRate > limit.maxFalseCaseRate) {
        failures.push(`${group}, ${mode}: benign false-case rate ${pct(m.falseCaseRate)} is above ${pct(limit.maxFalseCaseRate)}`);
      }
      if (m.fraudDeliveriesPer100Benign !== null && m.fraudDeliveriesPer100Benign > limit.maxDeliveries) {
        failures.push(`${group}, ${mode}: ${m.fraudDeliveriesPer100Benign.toFixed(1)} fraud deliveries per 100 benign accounts is above ${limit.maxDeliveries}`);
      }
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
      families: FAMILIES.filter((f) => present.has(f.name)).map((f) => ({
        name: f.name,
        group: f.group,
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
    byGroup,
    beforeAnswers,
    byFamily,
    calibration: perMode((r) => calibration(everyone, r.verdicts)),
    leaveFamilyOut,
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
const num = (x: number | null) => (x === null ? '-' : x.toFixed(1));

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
    label === 'attack'
      ? `${m.attackCases}/${m.attackAccounts} ${fmt(m.recall)}`
      : `${m.benignCases}/${m.benignAccounts} ${pct(m.falseCaseRate)} ${num(m.fraudDeliveriesPer100Benign)}`;
  const header = ['family', 'accounts', ...modes, 'differ'];
  out.push(
    'Per family — attack: accounts with a case / accounts, recall; benign: accounts with a case / accounts, false-case rate, fraud deliveries per 100 accounts (email and SMS each count); differ: accounts whose verdict differs between modes',
  );
  for (const group of FAMILY_GROUPS) {
    const families = report.byFamily.filter((f) => f.group === group);
    if (families.length === 0) continue;
    const rows = families.map((f) => [f.family, String(f.perMode[modes[0]]?.accounts ?? 0), ...modes.map((m) => cell(f.perMode[m], f.label)), String(f.disagreements)]);
    const differ = (label: Label) => String(families.filter((f) => f.label === label).reduce((sum, f) => sum + f.disagreements, 0));
    const g = report.byGroup[group];
    rows.push([`ALL ${group} attack`, String(g[modes[0]].attackAccounts), ...modes.map((m) => cell(g[m], 'attack')), differ('attack')]);
    rows.push([`ALL ${group} benign`, String(g[modes[0]].benignAccounts), ...modes.map((m) => cell(g[m], 'benign')), differ('benign')]);
    out.push('');
    out.push(
      group === 'described'
        ? 'Described families (earlier issues described them; the rules were tuned on them)'
        : 'Held-out families (written apart from the rules and kept from whoever tunes them)',
    );
    out.push(...table(header, rows));
  }
  out.push('');
  out.push(
    'Benign accounts, per 100: heads-ups (fraud messages without a case), step-ups (holds on account.actions), "was me" taps that closed a step-up, urgent cases (case score in the urgent band: what analysts work at once), fraud deliveries (email and SMS each count); "-" where the mode cannot tell',
  );
  out.push(
    ...table(
      ['group', ...modes],
      FAMILY_GROUPS.filter((group) => report.byGroup[group][modes[0]]?.benignAccounts).map((group) => [
        group,
        ...modes.map((m) => {
          const x = report.byGroup[group][m];
          return `${num(x.headsUpsPer100Benign)} / ${num(x.stepUpsPer100Benign)} / ${num(x.tapsPer100Benign)} / ${num(x.urgentCasesPer100Benign)} / ${num(x.fraudDeliveriesPer100Benign)}`;
        }),
      ]),
    ),
  );
  out.push('');
  out.push('Before answers (every step-up still a case, as if no borrower answered): attack accounts with a case, recall; benign accounts with a case, false-case rate');
  out.push(
    ...table(
      ['group', ...modes],
      FAMILY_GROUPS.filter((group) => report.beforeAnswers[group][modes[0]]?.accounts).map((group) => [
        group,
        ...modes.map((m) => {
          const x = report.beforeAnswers[group][m];
          return `${x.attackCases}/${x.attackAccounts} ${fmt(x.recall)}; ${x.benignCases}/${x.benignAccounts} ${pct(x.falseCaseRate)}`;
        }),
      ]),
    ),
  );
  out.push('');
  const calibrated = modes.filter((m) => report.calibration[m]);
  if (calibrated.length) {
    out.push('Score calibration — cases by the case score: fraud cases / cases, share of fraud');
    const bands = report.calibration[calibrated[0]]!.map((b) => b.band);
    out.push(
      ...table(
        ['score', ...calibrated],
        bands.map((band, i) => [
          band,
          ...calibrated.map((m) => {
            const row = report.calibration[m]![i];
            return `${row.fraud}/${row.cases} ${fmt(row.share)}`;
          }),
        ]),
      ),
    );
    out.push('');
  }
  if (report.leaveFamilyOut) out.push(...renderLeaveFamilyOut(report.leaveFamilyOut), '');
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
  out.push(
    `Thresholds: described: recall >= ${t.minRecall}, benign false-case rate <= ${pct(t.maxFalseCaseRate)}; held-out: recall >= ${t.heldoutMinRecall}, benign false-case rate <= ${pct(t.heldoutMaxFalseCaseRate)}, fraud deliveries <= ${t.heldoutMaxDeliveriesPer100} per 100 benign accounts; disagreements <= ${t.maxDisagreements}`,
  );
  out.push(report.failures.length ? `FAIL\n${report.failures.map((f) => `  ${f}`).join('\n')}` : 'PASS');
  return out.join('\n');
}

/** The leave-family-out table: per held-out family, shipped, tuned with it, tuned without it. */
function renderLeaveFamilyOut(lofo: LeaveFamilyOutReport): string[] {
  const out: string[] = [];
  const t = lofo.tuningCorpus;
  out.push(
    `Leave-family-out — ${lofo.candidates.length} rule sets backtested on a tuning corpus (seed ${t.seed}, ${t.stories} stories, ${t.accounts} accounts); the tuning rule: most recall with a benign false-case rate <= ${pct(lofo.maxFalseCaseRate)} on the training families (${lofo.seconds} s)`,
  );
  out.push(
    'Figures on this corpus, replay semantics: attack families recall, benign families false-case rate and fraud deliveries per 100; "training" is recall / false-case rate on the tuned-on families',
  );
  const figure = (f: LeaveFamilyOutReport['rows'][number]['shipped'], label: Label) =>
    label === 'attack'
      ? `${f.family.attackCases}/${f.family.attackAccounts} ${fmt(f.family.recall)}`
      : `${pct(f.family.falseCaseRate)} ${num(f.family.fraudDeliveriesPer100Benign)}`;
  const training = (f: LeaveFamilyOutReport['rows'][number]['shipped']) =>
    f.training ? `${fmt(f.training.recall)} / ${pct(f.training.falseCaseRate)}${f.allowed ? '' : ' (none allowed)'}` : '-';
  out.push(
    ...table(
      ['family', 'shipped', 'in-sample', 'training', 'held-out', 'training', 'held-out setting'],
      lofo.rows.map((r) => [
        r.family,
        figure(r.shipped, r.label),
        figure(r.inSample, r.label),
        training(r.inSample),
        figure(r.heldOut, r.label),
        training(r.heldOut),
        r.heldOut.change,
      ]),
    ),
  );
  const inSample = lofo.rows[0]?.inSample;
  if (inSample) out.push(`In-sample setting (tuned on every family): ${inSample.change}`);
  return out;
}
