import type { AccountEvent } from '@sentinel/contracts';
import { BacktestCasesRepository, DataSourceTransactions, EventLogRepository, RuleSetRepository, StoredBacktestsRepository } from '@sentinel/persistence';
import { defaultRuleSet } from '@sentinel/rules';
import { anEvent, isolatedDataSource, seedCase } from '@sentinel/testing';
import { loadConsoleConfig } from '../console.config';
import { CASE_SAMPLE } from './backtest-impact';
import { RuleBacktestService } from './rule-backtest.service';
import { answered, ruleSetsOn } from '../console.test-kit';

/** What a draft backtest changes for analysts (#24): case deltas per rule, cases opened and closed, precision. */
describe('backtest impact against Postgres', () => {
  const db = isolatedDataSource();
  let backtests: RuleBacktestService;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const device = (accountId: string) => ({ id: `laptop-${accountId}` });
  const unbinds = Array.from({ length: CASE_SAMPLE + 5 }, (_, i) => `imp-u${String(i).padStart(2, '0')}`);
  const cases: Record<string, { caseId: string; referenceCode: string }> = {};

  const record = (accountId: string, events: AccountEvent[]) =>
    db().transaction((m) =>
      new EventLogRepository().recordEvents(
        m,
        events.map((e) => ({ ...e, accountId })),
        events.map((_, i) => i + 2),
      ),
    );
  const loan = (accountId: string) =>
    record(accountId, [
      anEvent('device.login', { occurredAt: hoursAgo(30) }),
      anEvent('device.login', { device: device(accountId), occurredAt: hoursAgo(29.5) }),
      anEvent('loan.opened', { device: device(accountId), occurredAt: hoursAgo(29) }),
    ]);
  const caseOf = async (accountId: string, minutesAgo: number, outcome: { resolution?: string; answer?: string }) => {
    cases[accountId] = await seedCase(db(), { accountId, eventType: 'device.login', ruleId: 'unbind.unknown-device', openedMinutesAgo: minutesAgo });
    if (outcome.resolution)
      await db().query(`UPDATE fraud_case SET status = 'resolved', resolution = $2, resolved_at = now() WHERE id = $1`, [cases[accountId].caseId, outcome.resolution]);
    if (outcome.answer) await db().query(`UPDATE fraud_case SET borrower_answer = $2 WHERE id = $1`, [cases[accountId].caseId, outcome.answer]);
  };

  beforeAll(async () => {
    const ruleSets = ruleSetsOn(db());
    await db().transaction((m) => new RuleSetRepository(db()).insert(m, defaultRuleSet(1), 'system', 'default rule set'));
    // Live, an unbind from an unknown device only earns a heads-up; the draft puts it back to a case.
    await answered(ruleSets.change({ reason: 'quieter unbinds', rules: { 'unbind.unknown-device': { score: 10 } } }, 'analyst:sam'));
    backtests = new RuleBacktestService(
      new StoredBacktestsRepository(db()),
      new BacktestCasesRepository(db()),
      new DataSourceTransactions(db()),
      loadConsoleConfig({ ADMIN_PASSWORD: 'test-admin-password-0123' }),
      ruleSets,
    );
    // Three unbinds have an outcome: fraud resolved, legitimate resolved, and fraud by the borrower's "not me".
    await caseOf('imp-u00', 60, { resolution: 'fraud_confirmed' });
    await caseOf('imp-u01', 60, { resolution: 'legitimate' });
    await caseOf('imp-u02', 60, { answer: 'not_me' });
    for (const accountId of unbinds)
      await record(accountId, [anEvent('device.login', { occurredAt: hoursAgo(30) }), anEvent('card.unbound', { device: device(accountId), occurredAt: hoursAgo(29) })]);
    // Two loans a case under either version: one fraud, one legitimate but from a case opened before the range.
    await caseOf('imp-l0', 60, { resolution: 'fraud_confirmed' });
    await loan('imp-l0');
    await caseOf('imp-l1', 10 * 1440, { resolution: 'legitimate' });
    await loan('imp-l1');
  });

  it('given a draft that raises a rule to a case, then the rule gains the accounts, the opened cases are sampled with links, and precision is counted on the outcomes in range', async () => {
    const result = await answered(backtests.run({ days: 7, rules: { 'unbind.unknown-device': { score: 70 } } }, 'analyst:sam'));

    expect(result.rules.find((r) => r.ruleId === 'unbind.unknown-device')).toMatchObject({
      baseline: unbinds.length,
      candidate: unbinds.length,
      caseAccounts: { baseline: 0, candidate: unbinds.length },
    });
    expect(result.rules.find((r) => r.ruleId === 'loan.new-device')).toMatchObject({ caseAccounts: { baseline: 2, candidate: 2 } });

    expect(result.cases.closed).toEqual({ count: 0, sample: [] });
    expect(result.cases.opened.count).toBe(unbinds.length);
    expect(result.cases.opened.sample).toHaveLength(CASE_SAMPLE);
    const listed = new Map(result.cases.opened.sample.map((a) => [a.accountId, a]));
    for (const accountId of listed.keys()) expect(unbinds).toContain(accountId);
    expect(['imp-u00', 'imp-u01', 'imp-u02'].filter((id) => listed.has(id)).length).toBeGreaterThan(0);
    for (const accountId of ['imp-u00', 'imp-u01', 'imp-u02'].filter((id) => listed.has(id)))
      expect(listed.get(accountId)).toEqual({
        accountId,
        ruleIds: ['unbind.unknown-device'],
        case: { id: cases[accountId].caseId, referenceCode: cases[accountId].referenceCode, status: accountId === 'imp-u02' ? 'open' : 'resolved' },
      });
    expect([...listed.values()].filter((a) => a.case === null)).toHaveLength([...listed.keys()].filter((id) => !cases[id]).length);

    // Live flags imp-l0 alone (fraud); the draft adds two fraud and one legitimate. imp-l1's outcome predates the range.
    expect(result.precision).toEqual({
      withOutcome: 4,
      sampled: 4,
      baseline: { n: 1, fraud: 1, legitimate: 0, precision: 1 },
      candidate: { n: 4, fraud: 3, legitimate: 1, precision: 0.75 },
    });

    // The same draft lists the same sample: the order is stable, not drawn afresh.
    const again = await answered(backtests.run({ days: 7, rules: { 'unbind.unknown-device': { score: 70 } } }, 'analyst:sam'));
    expect(again.cases.opened.sample.map((a) => a.accountId)).toEqual(result.cases.opened.sample.map((a) => a.accountId));
  });

  it('given a draft that changes nothing, then no case opens or closes and precision is the same on both sides', async () => {
    const result = await answered(backtests.run({ days: 7 }, 'analyst:sam'));
    expect(result.cases.opened.count + result.cases.closed.count).toBe(0);
    expect(result.precision.candidate).toEqual(result.precision.baseline);
    expect(result.rules.every((r) => r.caseAccounts.baseline === r.caseAccounts.candidate)).toBe(true);
  });
});
