// `npm run eval -- [options]`: runs a seeded, labelled corpus of borrower stories through the
// detector in three arrival modes and through replay, prints recall, benign false cases and fraud
// alerts per family and per rule, and fails when a threshold is missed or two modes disagree.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ensureLocalKafka } from '../lib/local-infra';
import { repoRoot } from '../lib/repo-root';
import { type Mode, MODES } from './arrival';
import { FAMILIES } from './corpus/generate-corpus';
import { DEFAULT_THRESHOLDS } from './eval-report';
import { runEval } from './run-eval';

const HELP = `usage: npm run eval -- [options]

Runs a seeded, labelled corpus of borrower stories (benign and attack families) end to end through
Kafka and the compiled detector, on a fresh database and topic prefix per mode, and through replay.

  --seed <n>                    corpus seed (default 1); the same seed gives the same corpus
  --stories <n>                 stories in the corpus (default 500; at least one per family, ${FAMILIES.length})
  --modes <list>                comma-separated, of ${MODES.join(', ')} (default all)
  --anchor <date>               the corpus's "now" (default: now); events lie before it
  --lateness-ms <n>             the detector's LATENESS_MS and replay's --lateness-ms (default 10000: longer than it takes to send the whole corpus, so that an event counts as late only as it would in production)
  --slice <n>                   events per slice in paced mode (default 40)
  --partitions <n>              partitions of each mode's topics (default 3)
  --timeout-ms <n>              longest wait for the detector to catch up or drain (default 180000)
  --report <file>               JSON report (default test-artifacts/eval/report.json; corpus.jsonl
                                and labels.json are written beside it)
  --min-recall <x>              fail below this recall in any mode (default ${DEFAULT_THRESHOLDS.minRecall})
  --max-false-case-rate <x>     fail above this benign false-case rate in any mode (default ${DEFAULT_THRESHOLDS.maxFalseCaseRate})
  --max-disagreements <n>       fail when more accounts differ between modes (default ${DEFAULT_THRESHOLDS.maxDisagreements})
  --keep-db                     leave each mode's database behind for a post-mortem
  --help                        this text

Environment: DATABASE_URL (its database name is the stem of each mode's own database; default
postgres://postgres@127.0.0.1:5432/sentinel), KAFKA_BROKERS (default: the local broker, started
if nothing answers on 9092). Exit codes: 0 all thresholds met, 1 a threshold missed, 2 bad options.`;

function fail(message: string): never {
  process.stderr.write(`eval: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        seed: { type: 'string', default: '1' },
        stories: { type: 'string', default: '500' },
        modes: { type: 'string', default: MODES.join(',') },
        anchor: { type: 'string' },
        'lateness-ms': { type: 'string', default: '10000' },
        slice: { type: 'string', default: '40' },
        partitions: { type: 'string', default: '3' },
        'timeout-ms': { type: 'string', default: '180000' },
        report: { type: 'string', default: join(repoRoot(), 'test-artifacts', 'eval', 'report.json') },
        'min-recall': { type: 'string', default: String(DEFAULT_THRESHOLDS.minRecall) },
        'max-false-case-rate': { type: 'string', default: String(DEFAULT_THRESHOLDS.maxFalseCaseRate) },
        'max-disagreements': { type: 'string', default: String(DEFAULT_THRESHOLDS.maxDisagreements) },
        'keep-db': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const integer = (name: keyof typeof parsed, min: number) => {
    const value = String(parsed[name]);
    if (!/^\d+$/.test(value) || Number(value) < min) fail(`--${name} must be a whole number of at least ${min}, got "${value}"`);
    return Number(value);
  };
  const fraction = (name: keyof typeof parsed) => {
    const value = Number(parsed[name]);
    if (!Number.isFinite(value) || value < 0 || value > 1) fail(`--${name} must be a number from 0 to 1, got "${String(parsed[name])}"`);
    return value;
  };
  const modes = String(parsed.modes).split(',').map((m) => m.trim()).filter(Boolean);
  for (const mode of modes) if (!(MODES as readonly string[]).includes(mode)) fail(`--modes: unknown mode "${mode}"; use ${MODES.join(', ')}`);
  if (modes.length === 0) fail('--modes names no mode');
  const anchorMs = parsed.anchor === undefined ? Date.now() : Date.parse(String(parsed.anchor));
  if (Number.isNaN(anchorMs)) fail(`--anchor must be a date such as 2026-11-29T12:00:00Z, got "${String(parsed.anchor)}"`);
  if (anchorMs > Date.now() + 60_000) fail('--anchor lies in the future: the detector would refuse the corpus as out of its time window');
  return {
    seed: integer('seed', 0),
    stories: integer('stories', FAMILIES.length),
    modes: modes as Mode[],
    anchorMs,
    latenessMs: integer('lateness-ms', 0),
    slice: integer('slice', 1),
    partitions: integer('partitions', 1),
    timeoutMs: integer('timeout-ms', 1000),
    reportFile: String(parsed.report),
    keepDatabases: Boolean(parsed['keep-db']),
    thresholds: { minRecall: fraction('min-recall'), maxFalseCaseRate: fraction('max-false-case-rate'), maxDisagreements: integer('max-disagreements', 0) },
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
