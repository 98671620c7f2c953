import { join } from 'node:path';
import type { CliSpec } from '../lib/cli';
import { repoRoot } from '../lib/repo-root';
import { MODES } from './arrival';
import { familiesIn } from './corpus/generate-corpus';
import { DEFAULT_THRESHOLDS } from './eval-report';

const options = {
  seed: { type: 'string', default: '1' },
  stories: { type: 'string', default: '500' },
  'heldout-stories': { type: 'string', default: '250' },
  modes: { type: 'string', default: MODES.join(',') },
  anchor: { type: 'string' },
  'lateness-ms': { type: 'string', default: '30000' },
  slice: { type: 'string', default: '40' },
  partitions: { type: 'string', default: '3' },
  'timeout-ms': { type: 'string', default: '180000' },
  report: { type: 'string', default: join(repoRoot(), 'test-artifacts', 'eval', 'report.json') },
  'min-recall': { type: 'string', default: String(DEFAULT_THRESHOLDS.minRecall) },
  'max-false-case-rate': { type: 'string', default: String(DEFAULT_THRESHOLDS.maxFalseCaseRate) },
  'max-disagreements': { type: 'string', default: String(DEFAULT_THRESHOLDS.maxDisagreements) },
  'heldout-min-recall': { type: 'string', default: String(DEFAULT_THRESHOLDS.heldoutMinRecall) },
  'heldout-max-false-case-rate': { type: 'string', default: String(DEFAULT_THRESHOLDS.heldoutMaxFalseCaseRate) },
  'heldout-max-deliveries': { type: 'string', default: String(DEFAULT_THRESHOLDS.heldoutMaxDeliveriesPer100) },
  'tune-stories-per-family': { type: 'string', default: '6' },
  'tune-max-false-case-rate': { type: 'string', default: String(DEFAULT_THRESHOLDS.heldoutMaxFalseCaseRate) },
  'concurrent-modes': { type: 'boolean', default: false },
  'skip-lofo': { type: 'boolean', default: false },
  'keep-db': { type: 'boolean', default: false },
} as const;

export const EVAL_CLI: CliSpec<typeof options> = {
  name: 'eval',
  options,
  help: `usage: npm run eval -- [options]

Runs a seeded, labelled corpus of borrower stories (benign and attack families) end to end through
Kafka and the compiled detector, on a fresh database and topic prefix per mode, and through replay;
then, per held-out family, tunes the rule set on the other families by a bounded search over its
settings (in-process backtests) and measures the family it held out.

  --seed <n>                    corpus seed (default 1); the same seed gives the same corpus
  --stories <n>                 stories of the described families (default 500; at least one per family, ${familiesIn('described').length})
  --heldout-stories <n>         stories of the held-out families (default 250; 0, or at least ${familiesIn('heldout').length})
  --modes <list>                comma-separated, of ${MODES.join(', ')} (default all)
  --anchor <date>               the corpus's "now" (default: the last midnight in China); events lie before it
  --lateness-ms <n>             the detector's LATENESS_MS and replay's --lateness-ms (default 30000: longer than it takes to send the whole corpus, so that an event counts as late only as it would in production)
  --slice <n>                   events per slice in paced mode (default 40)
  --partitions <n>              partitions of each mode's topics (default 3)
  --timeout-ms <n>              longest wait for the detector to catch up or drain (default 180000)
  --report <file>               JSON report (default test-artifacts/eval/report.json; corpus.jsonl
                                and labels.json are written beside it)
  --min-recall <x>              described families: fail below this recall in any mode (default ${DEFAULT_THRESHOLDS.minRecall})
  --max-false-case-rate <x>     described families: fail above this benign false-case rate in any mode (default ${DEFAULT_THRESHOLDS.maxFalseCaseRate})
  --heldout-min-recall <x>      held-out families: fail below this recall in any mode (default ${DEFAULT_THRESHOLDS.heldoutMinRecall})
  --heldout-max-false-case-rate <x>
                                held-out families: fail above this benign false-case rate in any mode (default ${DEFAULT_THRESHOLDS.heldoutMaxFalseCaseRate})
  --heldout-max-deliveries <x>  held-out families: fail above this many fraud deliveries (email and SMS
                                each count) per 100 benign accounts in any mode (default ${DEFAULT_THRESHOLDS.heldoutMaxDeliveriesPer100})
  --max-disagreements <n>       fail when more accounts (any family) differ between modes (default ${DEFAULT_THRESHOLDS.maxDisagreements})
  --tune-stories-per-family <n> leave-family-out: stories per family in the tuning corpus (default 6; seed + 1)
  --tune-max-false-case-rate <x>
                                leave-family-out: the benign false-case rate a tuned setting may have on its
                                training families (default ${DEFAULT_THRESHOLDS.heldoutMaxFalseCaseRate})
  --concurrent-modes            run the modes side by side, each with its own detector (faster; each
                                mode's seconds then include the others' load)
  --skip-lofo                   leave out the leave-family-out search
  --keep-db                     leave each mode's database behind for a post-mortem
  -h, --help                    this text

Environment: DATABASE_URL (its database name is the stem of each mode's own database; default
postgres://postgres@127.0.0.1:5432/sentinel), KAFKA_BROKERS (default: the local broker, started
if nothing answers on 9092). Exit codes: 0 all thresholds met, 1 a threshold missed, 2 bad options.`,
};
