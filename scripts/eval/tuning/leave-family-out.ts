import type { AccountVerdict, Clock } from '@sentinel/rules';
import type { Corpus } from '../corpus/generate-corpus';
import type { Label } from '../corpus/story';
import { afterAnswers, type ContactHistory, contactHistory, withStepUpReach } from '../borrower-answers';
import { type EvalVerdict, type Metrics, metricsOf, type ScoredAccount } from '../metrics';
import { backtestVerdicts } from './backtest-verdicts';
import type { Candidate } from './tuning-grid';

/** How one candidate did on the training accounts. */
export interface TrainingScore {
  candidate: string;
  recall: number | null;
  falseCaseRate: number | null;
  fraudDeliveriesPer100Benign: number | null;
}

/**
 * The tuning rule: the highest recall among the candidates whose benign false-case rate is within
 * `maxFalseCaseRate`; ties go to fewer false cases, then fewer fraud deliveries, then the earlier
 * candidate (the shipped set comes first, so nothing moves without a gain). With no allowed
 * candidate, the one with the fewest false cases. `scores` in grid order.
 */
export function chooseSetting(scores: readonly TrainingScore[], maxFalseCaseRate: number): { chosen: TrainingScore; allowed: boolean } {
  if (scores.length === 0) throw new Error('no candidate to choose from');
  const num = (x: number | null, none: number) => x ?? none;
  const allowed = scores.filter((s) => num(s.falseCaseRate, 0) <= maxFalseCaseRate + 1e-12);
  const pool = allowed.length ? allowed : scores;
  let best = pool[0];
  for (const s of pool.slice(1)) {
    const better = allowed.length
      ? num(s.recall, 1) - num(best.recall, 1) ||
        num(best.falseCaseRate, 0) - num(s.falseCaseRate, 0) ||
        num(best.fraudDeliveriesPer100Benign, 0) - num(s.fraudDeliveriesPer100Benign, 0)
      : num(best.falseCaseRate, 0) - num(s.falseCaseRate, 0) || num(s.recall, 1) - num(best.recall, 1);
    if (better > 1e-12) best = s;
  }
  return { chosen: best, allowed: allowed.length > 0 };
}

/** A family's figures under one rule set, measured on the evaluation corpus. */
interface FamilyFigure {
  setting: string;
  change: string;
  /** On the training accounts of the tuning corpus; null for the shipped set, which nobody tuned here. */
  training: TrainingScore | null;
  /** Whether the setting met the false-case constraint on its training accounts. */
  allowed: boolean;
  family: Metrics;
}

interface LeaveFamilyOutRow {
  family: string;
  label: Label;
  /** The rule set as shipped. */
  shipped: FamilyFigure;
  /** Tuned on every family, this one included. */
  inSample: FamilyFigure;
  /** Tuned on every family but this one, then measured on it. */
  heldOut: FamilyFigure;
}

export interface LeaveFamilyOutReport {
  tuningCorpus: { seed: number; stories: number; accounts: number; events: number };
  candidates: { id: string; change: string }[];
  maxFalseCaseRate: number;
  seconds: number;
  rows: LeaveFamilyOutRow[];
}

export interface LeaveFamilyOutOptions {
  /** The shipped rule set; the grid is built around it. */
  candidates: readonly Candidate[];
  /** Stories the search tunes on: the same generator as the evaluation corpus, another seed. */
  tuning: Corpus;
  /** The corpus the figures are measured on. */
  evaluation: Corpus;
  /** The families to hold out one at a time. */
  families: readonly string[];
  maxFalseCaseRate: number;
  latenessMs: number;
  clock: Clock;
  log: (line: string) => void;
  /** What a candidate does to each account of a corpus: the in-process backtest unless a test stands in. */
  judge?: (candidate: Candidate, corpus: Corpus) => Record<string, AccountVerdict>;
}

const scoredAccounts = (corpus: Corpus, keep: (family: string) => boolean): ScoredAccount[] =>
  Object.entries(corpus.labels)
    .filter(([, l]) => keep(l.family))
    .map(([accountId, l]) => ({ accountId, label: l.label, channels: l.channels }));

/**
 * Leave-family-out: every candidate is backtested once on the tuning corpus; for each family F the
 * tuning rule picks a candidate on the tuning accounts of every other family (and once on all
 * families, for the in-sample figure); the chosen rule sets are then backtested on the evaluation
 * corpus and F's accounts measured. F's labels are never read while choosing its held-out setting.
 */
export function leaveFamilyOut(options: LeaveFamilyOutOptions): LeaveFamilyOutReport {
  const started = performance.now();
  const { candidates, tuning, evaluation } = options;
  const backtest = options.judge ?? ((candidate: Candidate, corpus: Corpus) => backtestVerdicts(candidate.ruleSet, corpus.events, options.clock, options.latenessMs));
  const histories = new Map<Corpus, ContactHistory>();
  // Tuned and measured after the borrowers' answers, as the report's own figures are.
  const judge = (candidate: Candidate, corpus: Corpus) => {
    if (!histories.has(corpus)) histories.set(corpus, contactHistory(corpus.events));
    return afterAnswers(withStepUpReach(backtest(candidate, corpus), histories.get(corpus)!), corpus.labels, histories.get(corpus)!);
  };
  const tuningVerdicts = new Map<string, Record<string, EvalVerdict>>();
  for (const [i, candidate] of candidates.entries()) {
    tuningVerdicts.set(candidate.id, judge(candidate, tuning));
    if ((i + 1) % 10 === 0) options.log(`leave-family-out: ${i + 1}/${candidates.length} candidates backtested on the tuning corpus`);
  }
  const tune = (keep: (family: string) => boolean) => {
    const accounts = scoredAccounts(tuning, keep);
    const scores = candidates.map((c) => {
      const m = metricsOf(accounts, tuningVerdicts.get(c.id)!);
      return { candidate: c.id, recall: m.recall, falseCaseRate: m.falseCaseRate, fraudDeliveriesPer100Benign: m.fraudDeliveriesPer100Benign };
    });
    return chooseSetting(scores, options.maxFalseCaseRate);
  };

  const evaluationVerdicts = new Map<string, Record<string, EvalVerdict>>();
  const onEvaluation = (id: string) => {
    let verdicts = evaluationVerdicts.get(id);
    if (!verdicts) {
      evaluationVerdicts.set(
        id,
        (verdicts = judge(
          candidates.find((c) => c.id === id)!,
          evaluation,
        )),
      );
    }
    return verdicts;
  };
  const figure = (family: string, id: string, training: TrainingScore | null, allowed: boolean): FamilyFigure => ({
    setting: id,
    change: candidates.find((c) => c.id === id)!.change,
    training,
    allowed,
    family: metricsOf(
      scoredAccounts(evaluation, (f) => f === family),
      onEvaluation(id),
    ),
  });

  const everything = tune(() => true);
  const rows = options.families.map((family): LeaveFamilyOutRow => {
    const label = Object.values(evaluation.labels).find((l) => l.family === family)?.label ?? 'benign';
    const without = tune((f) => f !== family);
    return {
      family,
      label,
      shipped: figure(family, candidates[0].id, null, true),
      inSample: figure(family, everything.chosen.candidate, everything.chosen, everything.allowed),
      heldOut: figure(family, without.chosen.candidate, without.chosen, without.allowed),
    };
  });
  return {
    tuningCorpus: { seed: tuning.seed, stories: tuning.stories.length, accounts: Object.keys(tuning.labels).length, events: tuning.events.length },
    candidates: candidates.map((c) => ({ id: c.id, change: c.change })),
    maxFalseCaseRate: options.maxFalseCaseRate,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    rows,
  };
}
