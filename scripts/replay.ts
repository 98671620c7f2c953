// `npm run replay -- --help`
// Runs a rule-set version over stored history (or a JSONL file of events) beside the live version,
// and reports per rule the hits that would be added or removed. It writes nothing to live cases.
import { type AccountEvent, validateAccountEvent } from '@sentinel/contracts';
import { backtestStoredEvents, DEFAULT_DATABASE_URL, dataSourceOptions, RuleSetRepository } from '@sentinel/persistence';
import { Backtest, type BacktestReport, backtestTable, completeRuleSet, systemClock } from '@sentinel/rules';
import { SingleBar } from 'cli-progress';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { cliFail, runCli } from './lib/cli';
import { REPLAY_CLI } from './replay-options';

function fail(message: string): never {
  return cliFail(REPLAY_CLI, message);
}

function options() {
  const values = runCli(REPLAY_CLI);
  const version = (name: string, value?: string) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) fail(`--${name} must be a rule-set version number, got "${value}"`);
    return Number(value);
  };
  const date = (name: string, value?: string) => {
    if (value === undefined) return undefined;
    if (Number.isNaN(Date.parse(value))) fail(`--${name} must be a date such as 2026-11-01 or 2026-11-01T08:00:00+08:00, got "${value}"`);
    return new Date(value);
  };
  const ruleset = version('ruleset', values.ruleset) ?? fail('--ruleset is required');
  if (!values.file && !values.from) fail('give --from <date> to replay stored history, or --file <events.jsonl>');
  return {
    ruleset,
    against: version('against', values.against),
    from: date('from', values.from),
    to: date('to', values.to),
    file: values.file,
    latenessMs: version('lateness-ms', values['lateness-ms'])!,
    json: values.json,
  };
}

async function fileEvents(path: string, bar: SingleBar): Promise<{ events: AccountEvent[]; rejected: string[] }> {
  const events: AccountEvent[] = [];
  const rejected: string[] = [];
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      rejected.push(`line ${line}: ${(error as Error).message}`);
      continue;
    }
    const result = validateAccountEvent(value);
    if (result.ok) events.push(result.value);
    else rejected.push(`line ${line}: ${result.error.issues[0].path}: ${result.error.issues[0].message}`);
  }
  events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  bar.start(events.length, 0);
  return { events, rejected };
}

function print(report: BacktestReport, rejected: string[]): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Replayed ${report.events} events on ${report.accounts} accounts: rule set v${report.candidateVersion} against v${report.baselineVersion}`);
  out('');
  const { header, rows } = backtestTable(report);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) out(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  out('');
  for (const side of ['baseline', 'candidate'] as const) {
    const d = report.decisions[side];
    out(`${side === 'baseline' ? `v${report.baselineVersion}` : `v${report.candidateVersion}`} decisions: ${d.urgent} urgent, ${d.alert} alert, ${d.notice} notice`);
  }
  for (const r of report.rules.filter((x) => x.added.count || x.removed.count)) {
    if (r.added.count) out(`  ${r.ruleId} would add, e.g. ${r.added.sample.join(', ')}`);
    if (r.removed.count) out(`  ${r.ruleId} would no longer flag, e.g. ${r.removed.sample.join(', ')}`);
  }
  out('');
  for (const side of ['baseline', 'candidate'] as const) {
    const { merchants, rings } = report.rollups[side];
    const version = `v${side === 'baseline' ? report.baselineVersion : report.candidateVersion}`;
    out(`${version} roll-ups: ${merchants.length} merchant(s) flagged, ${rings.length} ring hit(s) on ${new Set(rings.map((r) => r.accountId)).size} account(s)`);
    for (const m of merchants)
      out(`  merchant.rollup ${m.merchantId}: ${m.accounts.length} accounts (${m.accounts.slice(0, 10).join(', ')}${m.accounts.length > 10 ? ', …' : ''})`);
    for (const r of rings) out(`  ${r.ruleId} ${r.accountId} via ${r.entity} with ${r.linked.slice(0, 10).join(', ')}${r.linked.length > 10 ? ', …' : ''}`);
  }
  if (rejected.length) out(`\n${rejected.length} line(s) skipped as invalid, e.g. ${rejected.slice(0, 3).join('; ')}`);
  out('\nState starts empty at the first event replayed: each account’s first device is learned silently.');
}

async function main() {
  const opts = options();
  const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 2)).initialize();
  try {
    const repository = new RuleSetRepository(dataSource);
    const candidate = await repository.get(opts.ruleset);
    if (!candidate) fail(`there is no rule set version ${opts.ruleset}`);
    const baseline = opts.against !== undefined ? await repository.get(opts.against) : await repository.latest();
    if (!baseline) fail(opts.against !== undefined ? `there is no rule set version ${opts.against}` : 'there is no live rule set yet');
    const bar = new SingleBar({
      stream: process.stderr,
      format: 'replaying [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    });
    let rejected: string[] = [];
    let report: BacktestReport;
    if (opts.file) {
      const backtest = new Backtest(completeRuleSet(baseline), completeRuleSet(candidate), systemClock, opts.latenessMs);
      const read = await fileEvents(opts.file, bar);
      rejected = read.rejected;
      for (const event of read.events) {
        backtest.feed(event);
        bar.increment();
      }
      report = backtest.finish();
    } else {
      report = await backtestStoredEvents(dataSource, completeRuleSet(baseline), completeRuleSet(candidate), {
        from: opts.from!,
        to: opts.to,
        latenessMs: opts.latenessMs,
        onStart: (total) => bar.start(total, 0),
        onProgress: (done) => bar.update(done),
      });
    }
    bar.stop();
    if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, rejected }, null, 2)}\n`);
    else print(report, rejected);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`replay failed: ${error.message}\n`);
  process.exit(1);
});
