import { dataSourceOptions, dropDatabase, migrate, RuleSetRepository } from '@sentinel/persistence';
import { type BacktestReport, defaultRuleSet } from '@sentinel/rules';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { repoRoot } from '../lib/repo-root';
import { type ModeResult, modeDatabaseUrl } from './detector-run';

const run = promisify(execFile);

/**
 * Runs the corpus file through `npm run replay -- --file … --json` (the compiled replay script),
 * against a fresh database holding the default rule set the detector seeds, and reads the
 * candidate's per-account verdicts and the merchants its roll-up would flag.
 */
export async function runReplayMode(
  corpusFile: string,
  options: { databaseUrl: string; latenessMs: number; keepDatabases: boolean; log: (line: string) => void },
): Promise<ModeResult> {
  const started = performance.now();
  const databaseUrl = modeDatabaseUrl(options.databaseUrl, 'replay');
  await migrate(databaseUrl);
  try {
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 1)).initialize();
    const ruleSet = defaultRuleSet(1);
    try {
      await new RuleSetRepository(dataSource).insert(dataSource.manager, ruleSet, 'eval', 'the default rule set, as a fresh detector seeds it');
    } finally {
      await dataSource.destroy();
    }
    const script = join(repoRoot(), 'dist', 'scripts', 'replay.js');
    const { stdout } = await run(process.execPath, [script, '--ruleset', String(ruleSet.version), '--file', corpusFile, '--json', '--lateness-ms', String(options.latenessMs)], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      maxBuffer: 256 * 1024 * 1024,
    });
    const report = JSON.parse(stdout) as BacktestReport & { rejected: string[] };
    if (!report.verdicts) throw new Error(`${script} printed no per-account verdicts; rebuild with \`npm run build\``);
    if (report.rejected.length) throw new Error(`replay rejected ${report.rejected.length} corpus line(s), e.g. ${report.rejected[0]}`);
    const flaggedMerchants = report.rollups.candidate.merchants.map((m) => m.merchantId).sort();
    const result: ModeResult = { mode: 'replay', verdicts: report.verdicts.candidate, flaggedMerchants, seconds: (performance.now() - started) / 1000 };
    options.log(`replay: ${report.events} events, ${Object.values(result.verdicts).filter((v) => v.case).length} accounts with a case, ${result.seconds.toFixed(1)} s`);
    return result;
  } finally {
    if (!options.keepDatabases) await dropDatabase(databaseUrl);
  }
}
