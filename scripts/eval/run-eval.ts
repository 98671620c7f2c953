import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KAFKA_MODES, type Mode } from './arrival';
import { defaultRuleSet, systemClock } from '@sentinel/rules';
import { type Corpus, familiesIn, generateCorpus } from './corpus/generate-corpus';
import { type ModeResult, runDetectorMode } from './detector-run';
import { buildReport, type EvalReport, renderReport, type Thresholds } from './eval-report';
import { runReplayMode } from './replay-run';
import { answerEvents } from './answer-events';
import { contactHistory } from './borrower-answers';
import { backtestVerdicts } from './tuning/backtest-verdicts';
import { type LeaveFamilyOutReport, leaveFamilyOut } from './tuning/leave-family-out';
import { type GridSpec, tuningGrid } from './tuning/tuning-grid';

export interface EvalOptions {
  seed: number;
  stories: number;
  heldoutStories: number;
  modes: Mode[];
  /** The corpus's "now" (ms); events lie in the three days and more before it. */
  anchorMs: number;
  brokers: string[];
  /** Names the stem of the databases the modes create (and drop) for themselves. */
  databaseUrl: string;
  latenessMs: number;
  slice: number;
  partitions: number;
  timeoutMs: number;
  /** Where the report, the corpus (JSONL) and its labels are written. */
  reportFile: string;
  logDir: string;
  keepDatabases: boolean;
  thresholds: Thresholds;
  /**
   * Runs the modes side by side (each has its own detector, database and topics, so none sees
   * another's) rather than one after another: their waits (a detector starting, paced mode's
   * round trips, the drain) overlap. Each mode's seconds then include the others' load.
   */
  concurrentModes?: boolean;
  /** Leave-family-out over the held-out families; null skips it. */
  tuning: { storiesPerFamily: number; maxFalseCaseRate: number; grid?: GridSpec } | null;
  log: (line: string) => void;
}

/**
 * Generates the labelled corpus, runs it through each mode (Kafka and the compiled detector, or
 * replay), and writes and returns the report with the thresholds it failed. The CLI and the e2e
 * spec both call this.
 */
export async function runEval(options: EvalOptions): Promise<{ report: EvalReport; text: string }> {
  const corpus = withAnswers(generateCorpus({ seed: options.seed, stories: options.stories, heldoutStories: options.heldoutStories, anchorMs: options.anchorMs }), options);
  const dir = dirname(options.reportFile);
  mkdirSync(dir, { recursive: true });
  const corpusFile = join(dir, 'corpus.jsonl');
  writeFileSync(corpusFile, corpus.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'labels.json'), JSON.stringify({ seed: corpus.seed, anchor: corpus.anchor, merchants: corpus.merchants, accounts: corpus.labels }, null, 2));
  options.log(`corpus: ${corpus.stories.length} stories, ${Object.keys(corpus.labels).length} accounts, ${corpus.events.length} events (${corpusFile})`);

  const runMode = (mode: Mode): Promise<ModeResult> => (mode === 'replay' ? runReplayMode(corpusFile, options) : runDetectorMode(mode, corpus.events, options));
  const modes = options.modes.filter((mode) => mode === 'replay' || (KAFKA_MODES as readonly string[]).includes(mode));
  const results: ModeResult[] = [];
  if (options.concurrentModes) {
    // Every mode settles (and stops its detector) before a failure is thrown.
    const settled = await Promise.allSettled(modes.map(runMode));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const s of settled) if (s.status === 'fulfilled') results.push(s.value);
  } else {
    for (const mode of modes) results.push(await runMode(mode));
  }
  const lofo = options.tuning && options.heldoutStories > 0 ? runLeaveFamilyOut(corpus, options, options.tuning) : null;
  const report = buildReport(
    corpus,
    results,
    options.thresholds,
    {
      seed: options.seed,
      stories: options.stories,
      heldoutStories: options.heldoutStories,
      latenessMs: options.latenessMs,
      slice: options.slice,
      partitions: options.partitions,
    },
    lofo,
  );
  writeFileSync(options.reportFile, JSON.stringify(report, null, 2));
  return { report, text: renderReport(report) };
}

/**
 * The corpus with its borrowers' answers (`answerEvents`), found by replaying it in process with
 * the rule set a fresh detector seeds: the running system folds each applied answer back into the
 * trust model, so every mode sees them as events, in event-time order.
 */
function withAnswers(corpus: Corpus, options: Pick<EvalOptions, 'latenessMs' | 'log'>): Corpus {
  const verdicts = backtestVerdicts(defaultRuleSet(1), corpus.events, systemClock, options.latenessMs);
  const answers = answerEvents(corpus, verdicts, contactHistory(corpus.events));
  const count = (answer: string) => answers.filter((e) => e.type === 'borrower.answered' && e.payload.answer === answer).length;
  options.log(`answers: ${count('me')} "was me" and ${count('not_me')} "not me" folded back as borrower.answered`);
  const events = [...corpus.events, ...answers].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return { ...corpus, events };
}

/**
 * The tuning corpus is the same generator on the next seed (other stories of the same families),
 * so that no story measured is one tuned on; the grid is built around the rule set a fresh
 * detector seeds, which is what the modes above ran.
 */
function runLeaveFamilyOut(corpus: Corpus, options: EvalOptions, tuning: NonNullable<EvalOptions['tuning']>): LeaveFamilyOutReport {
  const tuningCorpus = generateCorpus({
    seed: options.seed + 1,
    stories: tuning.storiesPerFamily * familiesIn('described').length,
    heldoutStories: tuning.storiesPerFamily * familiesIn('heldout').length,
    anchorMs: options.anchorMs,
  });
  const candidates = tuningGrid(defaultRuleSet(1), tuning.grid);
  options.log(`leave-family-out: ${candidates.length} rule sets on a tuning corpus of ${tuningCorpus.stories.length} stories, ${tuningCorpus.events.length} events`);
  const report = leaveFamilyOut({
    candidates,
    tuning: tuningCorpus,
    evaluation: corpus,
    families: familiesIn('heldout').map((f) => f.name),
    maxFalseCaseRate: tuning.maxFalseCaseRate,
    latenessMs: options.latenessMs,
    clock: systemClock,
    log: options.log,
  });
  options.log(`leave-family-out: ${report.seconds} s`);
  return report;
}
