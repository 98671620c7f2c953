import { EventLogRepository, RuleSetRepository } from '@sentinel/persistence';
import { applyRuleSetChange, defaultRuleSet } from '@sentinel/rules';
import { anEvent, isolatedDatabase, testDataSource } from '@sentinel/testing';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { repoRoot } from './lib/repo-root';

const run = promisify(execFile);

describe('npm run replay', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: DataSource;
  const history = [
    anEvent('device.login', { accountId: 'r1', occurredAt: '2026-10-01T00:00:00Z' }),
    anEvent('card.unbound', { id: 'unbind-r1', accountId: 'r1', device: { id: 'laptop-x' }, occurredAt: '2026-11-20T09:00:00Z' }),
    anEvent('loan.opened', { id: 'loan-r2', accountId: 'r2', occurredAt: '2026-11-20T10:00:00Z', payload: { loanId: 'L1', amountMinor: 100, currency: 'CNY' } }),
  ];

  const replay = (...args: string[]) => run(process.execPath, [join(repoRoot(), 'dist/scripts/replay.js'), ...args], { env: { ...process.env, DATABASE_URL: database.url } });

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = await testDataSource(database.url);
    await db.transaction(async (m) => {
      await new EventLogRepository().recordEvents(
        m,
        history,
        history.map((_, i) => i + 1),
      );
      const rules = new RuleSetRepository(db);
      await rules.insert(m, defaultRuleSet(1), 'test');
      const next = applyRuleSetChange(defaultRuleSet(1), { rules: { 'unbind.unknown-device': { enabled: false }, 'loan.velocity': { params: { maxLoans: 1 } } } });
      if (!next.ok) throw new Error(next.error.join('; '));
      await rules.insert(m, next.value, 'test');
    });
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('reports per rule what a version would add and remove over stored history, and writes nothing', async () => {
    const { stdout, stderr } = await replay('--ruleset', '2', '--against', '1', '--from', '2026-01-01', '--json');
    const report = JSON.parse(stdout) as { rules: { ruleId: string }[] };
    expect(report).toMatchObject({ events: 3, accounts: 2, baselineVersion: 1, candidateVersion: 2 });
    const byRule = Object.fromEntries(report.rules.map((r): [string, { ruleId: string }] => [r.ruleId, r]));
    expect(byRule['unbind.unknown-device']).toMatchObject({ removed: { count: 1, sample: ['unbind-r1'] } });
    expect(byRule['loan.velocity']).toMatchObject({ added: { count: 1, sample: ['loan-r2'] } });
    expect(stderr).toContain('3/3 events');
    const written = await db.query<{ cases: number; outbox: number }[]>(`SELECT (SELECT count(*) FROM fraud_case)::int AS cases, (SELECT count(*) FROM outbox)::int AS outbox`);
    expect(written).toEqual([{ cases: 0, outbox: 0 }]);
  });

  it('replays a JSONL file, prints a table, and names the lines it skipped', async () => {
    const file = join(tmpdir(), `replay-${Date.now()}.jsonl`);
    writeFileSync(file, [...history.map((e) => JSON.stringify(e)), '{"type":"card.unbound"', JSON.stringify({ ...history[0], accountId: 'bad id' })].join('\n'));
    const { stdout } = await replay('--ruleset', '2', '--against', '1', '--file', file);
    expect(stdout).toContain('Replayed 3 events on 2 accounts: rule set v2 against v1');
    expect(stdout).toMatch(/unbind\.unknown-device\s+1\s+0\s+\+0\s+-1/);
    expect(stdout).toMatch(/loan\.velocity\s+0\s+1\s+\+1\s+-0/);
    expect(stdout).toContain('2 line(s) skipped as invalid, e.g. line 4:');
    expect(stdout).toContain('line 5: accountId: accountId must be');
  });

  it('reports the merchant and ring roll-ups it would raise over backfilled history', async () => {
    const at = (m: number, day: number) => new Date(Date.UTC(2026, m, day, 10)).toISOString();
    const loans = ['shop-a', 'shop-b'].flatMap((merchantId, m) =>
      Array.from({ length: 6 }, (_, i) =>
        anEvent('loan.opened', { accountId: `${merchantId}-v${i}`, occurredAt: at(3 + m, 1 + i * 2), payload: { loanId: `L${i}`, amountMinor: 100, currency: 'CNY', merchantId } }),
      ),
    );
    const binds = ['k1', 'k2', 'k3'].map((accountId, i) =>
      anEvent('card.bound', { accountId, occurredAt: at(5, 1 + i), payload: { card: { ref: 'r', fingerprint: 'fp-replayed', last4: '1234' } } }),
    );
    const file = join(tmpdir(), `replay-rollups-${Date.now()}.jsonl`);
    // Written in no particular order: the replay sorts by event time.
    writeFileSync(
      file,
      [...binds, ...loans]
        .reverse()
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const { stdout } = await replay('--ruleset', '2', '--against', '1', '--file', file);
    expect(stdout).toContain('v1 roll-ups: 2 merchant(s) flagged, 3 ring hit(s) on 3 account(s)');
    expect(stdout).toContain('merchant.rollup shop-a: 6 accounts (shop-a-v0, shop-a-v1');
    expect(stdout).toContain('merchant.rollup shop-b: 6 accounts');
    expect(stdout).toContain('ring.shared-card k1 via card fp-rep…ayed with k2, k3');
  });

  it('says what is wrong with its arguments', async () => {
    await expect(replay('--from', '2026-01-01')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--ruleset is required') as unknown });
    await expect(replay('--ruleset', '9', '--from', '2026-01-01')).rejects.toMatchObject({ stderr: expect.stringContaining('there is no rule set version 9') as unknown });
  });
});
