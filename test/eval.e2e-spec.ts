import { testEnv } from '@sentinel/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/repo-root';
import { MODES } from '../scripts/eval/arrival';
import { ATTACK_FAMILIES } from '../scripts/eval/corpus/attack.story';
import { BENIGN_FAMILIES } from '../scripts/eval/corpus/benign.story';
import { defaultAnchor, familiesIn, familyNamed } from '../scripts/eval/corpus/generate-corpus';
import { DEFAULT_THRESHOLDS } from '../scripts/eval/eval-report';
import { runEval } from '../scripts/eval/run-eval';

// Three stories per family, described and held out: small enough for CI on two cores, every
// family and mode covered.
const STORIES = 3 * familiesIn('described').length;
const HELDOUT_STORIES = 3 * familiesIn('heldout').length;

/**
 * The issue's targets (recall 0.95, benign false cases at most 2%, 20 fraud deliveries per 100
 * benign accounts on the held-out families; 0.95 and 1% on the described ones) are `npm run eval`'s
 * defaults, and the rules do not meet them. Every figure is after the borrowers' answers to
 * step-ups (docs/eval.md, "Labels and metrics"): a "was me" through a trusted contact closes a
 * step-up, and an attack family whose step-up the attacker or a coached victim would confirm
 * loses it. On CI's small corpus the rules reached, after answers, described 0.77 and 0.5%, held
 * out 0.63, 9.4% and 50 to 69 deliveries (one harvest buyer's loans weigh on 32 benign accounts),
 * then 21.9 once a step-up went to one trusted contact and a doubt the borrower's own evidence
 * answered in full sent nothing; with the eighth batch held out too (eighth-*.story.ts, families the
 * rules miss whole: an identity raised for weeks, a flatmate with the lock code), at the default
 * anchor, described 0.76 and 0.5%, held out 0.58, 7.9% and 31.6 deliveries; then, once a ring link
 * alone asked each account's trusted contact instead of opening a case (`ringResponse`), held out
 * 0.58, 0.0% and 39.5 deliveries: the public computer's three regulars in a ring each get one
 * step-up they close with "was me", where they had a case.
 * CI holds both groups to that with room for the noise of three stories a family, so that no
 * change goes back on it. The corpus is anchored at the last midnight in China, so it is the same
 * whatever hour CI runs (an anchor at the hour of the run moved held-out deliveries between 21.9 and
 * 37.5 over one day on the seventh batch, and failed CI at 31.3 against a limit of 30). The families
 * issues described before #21 are held to every account right (below), and disagreements to none.
 */
const REACHED = { minRecall: 0.72, maxFalseCaseRate: 0.03, heldoutMinRecall: 0.55, heldoutMaxFalseCaseRate: 0.06, heldoutMaxDeliveriesPer100: 44 };

/** The families issues described before #21: every attack account has a case and no benign one has, in every mode. */
const ISSUE_FAMILIES = new Set([...ATTACK_FAMILIES, ...BENIGN_FAMILIES].map((f) => f.name));

/**
 * `npm run eval`'s own code path on a small seeded corpus, in every arrival mode and through
 * replay, held to what was reached (above): recall of attack accounts, benign accounts with a
 * case, fraud deliveries, agreement between modes, and every account right in the families issues
 * described before #21. The leave-family-out search runs on the smallest grid (the shipped set
 * and the alert band either side: three rule sets, where each rule off made 32 and 44 s of the
 * file's 80) and a tuning corpus of one story a family, so that it is exercised end to end without
 * dominating the run; tuning-grid.spec covers the grid's other moves.
 */
describe('eval: labelled borrower stories in every arrival mode', () => {
  it(`meets the thresholds reached on ${STORIES} described and ${HELDOUT_STORIES} held-out stories`, async () => {
    const root = repoRoot();
    if (!existsSync(join(root, 'dist/scripts/replay.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    // The evaluation makes and drops databases of its own: an operator's tool, run as the owner.
    const { brokers, ownerDatabaseUrl: databaseUrl } = testEnv();
    const lines: string[] = [];
    const { report, text } = await runEval({
      seed: 1,
      stories: STORIES,
      heldoutStories: HELDOUT_STORIES,
      modes: [...MODES],
      anchorMs: defaultAnchor(Date.now()),
      brokers,
      databaseUrl,
      // Twice the detector's default: the shuffled send of these 19,000 events took longer than 5 s on a
      // loaded machine, which made three consents "late" in that mode alone (a disagreement the
      // arrival order did not cause). The window must outlast the send for the modes to compare verdicts.
      latenessMs: 10_000,
      // Paced in slices of 160 rather than the CLI's 40: still a slice at a time, each waited for, in a quarter of the round trips.
      slice: 160,
      partitions: 3,
      timeoutMs: 60_000,
      reportFile: join(root, 'test-artifacts', 'eval-e2e', 'report.json'),
      logDir: join(root, 'test-artifacts', 'eval-e2e', 'logs'),
      keepDatabases: false,
      thresholds: { ...DEFAULT_THRESHOLDS, ...REACHED },
      tuning: { storiesPerFamily: 1, maxFalseCaseRate: DEFAULT_THRESHOLDS.heldoutMaxFalseCaseRate, grid: { bandFactors: [0.7, 1.4], scoreFactors: [], windowFactors: [] } },
      log: (line) => lines.push(line),
    });
    // The table goes to the CI log, so that a failure shows what was measured.
    process.stdout.write(`${lines.join('\n')}\n${text}\n`);

    expect(report.modes).toEqual([...MODES]);
    // A family whose story holds many accounts (a shop, a farm, a broker) has a lower weight and may get one story.
    expect(report.corpus.families.every((f) => f.stories >= ((familyNamed(f.name)?.weight ?? 1) < 1 ? 1 : 3))).toBe(true);
    const issueFamilies = report.byFamily.filter((f) => ISSUE_FAMILIES.has(f.family));
    expect(issueFamilies).toHaveLength(ISSUE_FAMILIES.size);
    for (const family of issueFamilies) {
      for (const [mode, m] of Object.entries(family.perMode)) {
        expect({ family: family.family, mode, attackCases: m.attackCases, benignCases: m.benignCases }).toEqual({
          family: family.family,
          mode,
          attackCases: m.attackAccounts,
          benignCases: 0,
        });
      }
    }
    expect(new Set(report.corpus.families.map((f) => f.group))).toEqual(new Set(['described', 'heldout']));
    expect(report.leaveFamilyOut?.rows.map((r) => r.family)).toEqual(familiesIn('heldout').map((f) => f.name));
    expect(report.failures).toEqual([]);
  }, 240_000);
});
