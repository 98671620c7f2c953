import { applyRuleSetChange, defaultRuleSet, type RuleSet } from '@sentinel/rules';
import { anEvent, isolatedDataSource } from '@sentinel/testing';
import { EventLogRepository } from '../repositories/event-log.repository';
import { BacktestTooLarge, backtestStoredEvents } from './stored-backtest';

describe('backtest over stored events', () => {
  const db = isolatedDataSource();
  const baseline = defaultRuleSet(1);
  const next = applyRuleSetChange(baseline, { rules: { 'unbind.unknown-device': { enabled: false }, 'loan.velocity': { params: { maxLoans: 1 } } } });
  if (!next.ok) throw new Error(next.error.join('; '));
  const candidate: RuleSet = next.value;
  // Many quiet logins and two events each version judges differently.
  const logins = Array.from({ length: 1200 }, (_, i) =>
    anEvent('device.login', { accountId: `quiet-${i % 40}`, occurredAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }),
  );
  const history = [
    ...logins,
    anEvent('device.login', { accountId: 'r1', occurredAt: '2026-10-01T00:00:00Z' }),
    anEvent('card.unbound', { id: 'unbind-r1', accountId: 'r1', device: { id: 'laptop-x' }, occurredAt: '2026-11-20T09:00:00Z' }),
    anEvent('loan.opened', { id: 'loan-r2', accountId: 'r2', occurredAt: '2026-11-20T10:00:00Z', payload: { loanId: 'L1', amountMinor: 100, currency: 'CNY' } }),
  ];

  /** Rows in every table of the schema: a backtest must leave each count as it was. */
  const rowCounts = async () => {
    const tables: { tablename: string }[] = await db().query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) counts[tablename] = (await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${tablename}"`))[0].n;
    return counts;
  };

  beforeAll(async () => {
    await db().transaction((m) =>
      new EventLogRepository().recordEvents(
        m,
        history,
        history.map((_, i) => i + 1),
      ),
    );
  });

  it('given stored history, when a candidate is backtested, then the report shows per rule what it adds and removes, and no table changes', async () => {
    const before = await rowCounts();
    const report = await backtestStoredEvents(db(), baseline, candidate, { from: new Date('2026-01-01') });
    expect(report).toMatchObject({ events: history.length, baselineVersion: 1, candidateVersion: 2 });
    const byRule = Object.fromEntries(report.rules.map((r) => [r.ruleId, r]));
    expect(byRule['unbind.unknown-device']).toMatchObject({ removed: { count: 1, sample: ['unbind-r1'] } });
    expect(byRule['loan.velocity']).toMatchObject({ added: { count: 1, sample: ['loan-r2'] } });
    expect(await rowCounts()).toEqual(before);
  });

  it('given a range, when backtested, then only the events in it are read', async () => {
    const report = await backtestStoredEvents(db(), baseline, candidate, { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
    expect(report.events).toBe(2);
  });

  it('given more events than the cap, when backtested, then it is refused before reading any', async () => {
    const progress: number[] = [];
    const refused = backtestStoredEvents(db(), baseline, candidate, { from: new Date('2026-01-01'), maxEvents: 100, onStart: (n) => progress.push(n) });
    await expect(refused).rejects.toEqual(expect.any(BacktestTooLarge));
    await expect(refused).rejects.toMatchObject({ events: history.length, maxEvents: 100 });
    expect(progress).toEqual([]);
  });

  it('given a signal that aborts, when backtested, then it stops with the abort reason', async () => {
    const controller = new AbortController();
    const run = backtestStoredEvents(db(), baseline, candidate, {
      from: new Date('2026-01-01'),
      sliceSize: 100,
      signal: controller.signal,
      onProgress: (done) => done >= 300 && controller.abort(new Error('took too long')),
    });
    await expect(run).rejects.toThrow('took too long');
  });

  it('given a long run, when backtested, then other work gets turns between slices of events', async () => {
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const seen: number[] = [];
    // One page holds all events: only the slices give the event loop a turn.
    await backtestStoredEvents(db(), baseline, candidate, { from: new Date('2026-01-01'), pageSize: 5000, sliceSize: 100, onProgress: () => seen.push(turns) });
    spinning = false;
    const duringPage = seen.slice(0, -1);
    expect(duringPage.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < duringPage.length; i++) expect(duringPage[i]).toBeGreaterThan(duringPage[i - 1]);
  });
});
