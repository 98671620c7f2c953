// `npm run eval -- [options]`: runs a seeded, labelled corpus of borrower stories through the
// detector in three arrival modes and through replay, prints recall, benign false cases and fraud
// alerts per family and per rule, the leave-family-out figures of the held-out families, and fails
// when a threshold is missed or two modes disagree.
import { join } from 'node:path';
import { ensureLocalKafka } from '../lib/local-infra';
import { repoRoot } from '../lib/repo-root';
import { type Mode, MODES } from './arrival';
import { defaultAnchor, familiesIn } from './corpus/generate-corpus';
import { cliFail, runCli } from '../lib/cli';
import { EVAL_CLI } from './eval-options';
import { runEval } from './run-eval';

function fail(message: string): never {
  return cliFail(EVAL_CLI, message);
}

function heldoutStories(n: number): number {
  const families = familiesIn('heldout').length;
  if (n > 0 && n < families) fail(`--heldout-stories must be 0 or at least ${families}, one per held-out family, got ${n}`);
  return n;
}

function options() {
  const parsed = runCli(EVAL_CLI);
  const integer = (name: keyof typeof parsed, min: number) => {
    const value = String(parsed[name]);
    if (!/^\d+$/.test(value) || Number(value) < min) fail(`--${name} must be a whole number of at least ${min}, got "${value}"`);
    return Number(value);
  };
  const positive = (name: keyof typeof parsed) => {
    const value = Number(parsed[name]);
    if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a number of at least 0, got "${String(parsed[name])}"`);
    return value;
  };
  const fraction = (name: keyof typeof parsed) => {
    const value = Number(parsed[name]);
    if (!Number.isFinite(value) || value < 0 || value > 1) fail(`--${name} must be a number from 0 to 1, got "${String(parsed[name])}"`);
    return value;
  };
  const modes = String(parsed.modes)
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const mode of modes) if (!(MODES as readonly string[]).includes(mode)) fail(`--modes: unknown mode "${mode}"; use ${MODES.join(', ')}`);
  if (modes.length === 0) fail('--modes names no mode');
  const anchorMs = parsed.anchor === undefined ? defaultAnchor(Date.now()) : Date.parse(String(parsed.anchor));
  if (Number.isNaN(anchorMs)) fail(`--anchor must be a date such as 2026-11-29T12:00:00Z, got "${String(parsed.anchor)}"`);
  if (anchorMs > Date.now() + 60_000) fail('--anchor lies in the future: the detector would refuse the corpus as out of its time window');
  return {
    seed: integer('seed', 0),
    stories: integer('stories', familiesIn('described').length),
    heldoutStories: heldoutStories(integer('heldout-stories', 0)),
    modes: modes as Mode[],
    anchorMs,
    latenessMs: integer('lateness-ms', 0),
    slice: integer('slice', 1),
    partitions: integer('partitions', 1),
    timeoutMs: integer('timeout-ms', 1000),
    reportFile: String(parsed.report),
    keepDatabases: Boolean(parsed['keep-db']),
    concurrentModes: Boolean(parsed['concurrent-modes']),
    thresholds: {
      minRecall: fraction('min-recall'),
      maxFalseCaseRate: fraction('max-false-case-rate'),
      maxDisagreements: integer('max-disagreements', 0),
      heldoutMinRecall: fraction('heldout-min-recall'),
      heldoutMaxFalseCaseRate: fraction('heldout-max-false-case-rate'),
      heldoutMaxDeliveriesPer100: positive('heldout-max-deliveries'),
    },
    tuning: parsed['skip-lofo'] ? null : { storiesPerFamily: integer('tune-stories-per-family', 1), maxFalseCaseRate: fraction('tune-max-false-case-rate') },
  };
}

async function main() {
  const opts = options();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const kafka = process.env.KAFKA_BROKERS ? undefined : await ensureLocalKafka(9092);
  try {
    const { report, text } = await runEval({
      ...opts,
      brokers: (process.env.KAFKA_BROKERS ?? kafka!.brokers).split(','),
      databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel',
      logDir: join(repoRoot(), 'test-artifacts', 'eval', 'logs'),
      log,
    });
    process.stdout.write(`${text}\n\nReport: ${opts.reportFile}\n`);
    process.exitCode = report.failures.length ? 1 : 0;
  } finally {
    if (kafka?.started) await kafka.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`eval failed: ${error.message}\n`);
  process.exit(1);
});
