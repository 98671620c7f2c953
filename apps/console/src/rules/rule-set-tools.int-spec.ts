import { HttpException } from '@nestjs/common';
import { BacktestCasesRepository, DataSourceTransactions, EventLogRepository, RuleSetRepository, StoredBacktestsRepository } from '@sentinel/persistence';
import { defaultRuleSet } from '@sentinel/rules';
import { anEvent, isolatedDataSource } from '@sentinel/testing';
import { loadConsoleConfig } from '../console.config';
import { RuleBacktestService } from './rule-backtest.service';
import type { RuleSetsService } from './rule-sets.service';
import { answered, ruleSetsOn } from '../console.test-kit';

/** Rollback and the draft backtest, as the console runs them, against Postgres. */
describe('rule-set rollback and backtest against Postgres', () => {
  const db = isolatedDataSource();
  let ruleSets: RuleSetsService;
  const backtests = (env: Record<string, string> = {}) =>
    new RuleBacktestService(
      new StoredBacktestsRepository(db()),
      new BacktestCasesRepository(db()),
      new DataSourceTransactions(db()),
      loadConsoleConfig({ ADMIN_PASSWORD: 'test-admin-password-0123', ...env }),
      ruleSets,
    );

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof HttpException)) throw new Error(`expected an HTTP refusal, got ${String(error)}`);
    return { status: error.getStatus(), ...(error.getResponse() as { error: string; message: string }) };
  };

  beforeAll(async () => {
    ruleSets = ruleSetsOn(db());
    await db().transaction((m) => new RuleSetRepository(db()).insert(m, defaultRuleSet(1), 'system', 'default rule set'));
    await answered(ruleSets.change({ reason: 'quieter velocity', rules: { 'loan.velocity': { score: 10, params: { maxLoans: 9 } } } }, 'analyst:sam'));
    const now = Date.now();
    const events = [
      anEvent('device.login', { accountId: 'bt-1', occurredAt: new Date(now - 3 * 86_400_000).toISOString() }),
      anEvent('card.unbound', { id: 'unbind-bt-1', accountId: 'bt-1', device: { id: 'laptop-x' }, occurredAt: new Date(now - 2 * 86_400_000).toISOString() }),
      anEvent('device.login', { accountId: 'bt-old', occurredAt: new Date(now - 40 * 86_400_000).toISOString() }),
    ];
    await db().transaction((m) =>
      new EventLogRepository().recordEvents(
        m,
        events,
        events.map((_, i) => i + 1),
      ),
    );
  });

  const auditRows = (action: string) =>
    db().query<{ actor: string; entity_id: string; before: unknown; after: unknown }[]>(`SELECT actor, entity_id, before, after FROM audit_log WHERE action = $1 ORDER BY id`, [
      action,
    ]);

  it('given v2 changed velocity, when a supervisor rolls back to v1, then v3 has v1 settings, v1 and v2 stay as they were, and the audit says why', async () => {
    const v2Before = await answered(ruleSets.version(2));
    const rolled = await answered(ruleSets.rollback({ version: 1, reason: 'velocity change misfired', expectedVersion: 2 }, 'analyst:sam'));
    expect(rolled).toMatchObject({ version: 3, restoredFrom: 1 });
    const history = await ruleSets.history(10);
    expect(history.items.map((h) => [h.version, h.reason])).toEqual([
      [3, 'velocity change misfired'],
      [2, 'quieter velocity'],
      [1, 'default rule set'],
    ]);
    expect(await answered(ruleSets.version(2))).toEqual(v2Before);
    expect((await answered(ruleSets.diff(1, 3))).rules).toEqual([]);
    expect((await answered(ruleSets.diff(2))).rules).toEqual([
      {
        ruleId: 'loan.velocity',
        changes: [
          { field: 'score', from: 10, to: defaultRuleSet().rules['loan.velocity'].score },
          { field: 'params.maxLoans', from: 9, to: defaultRuleSet().rules['loan.velocity'].params.maxLoans },
        ],
      },
    ]);
    const [entry] = await auditRows('rule_set.rollback');
    expect(entry).toMatchObject({ actor: 'analyst:sam', entity_id: '3', before: { version: 2 }, after: { version: 3, restoredFrom: 1, reason: 'velocity change misfired' } });
  });

  it('given a rollback that is not to an earlier version, to the same settings, or against a stale version, then it is refused and nothing is written', async () => {
    expect(await refusal(answered(ruleSets.rollback({ version: 3, reason: 'no-op' }, 'analyst:sam')))).toMatchObject({ status: 400, error: 'ROLLBACK_NOT_EARLIER' });
    expect(await refusal(answered(ruleSets.rollback({ version: 1, reason: 'same again' }, 'analyst:sam')))).toMatchObject({ status: 400, error: 'ROLLBACK_NO_CHANGE' });
    expect(await refusal(answered(ruleSets.rollback({ version: 2, reason: 'stale page', expectedVersion: 2 }, 'analyst:sam')))).toMatchObject({
      status: 409,
      error: 'RULE_SET_CHANGED',
    });
    expect(await refusal(answered(ruleSets.diff(99)))).toMatchObject({ status: 404, error: 'RULE_SET_NOT_FOUND' });
    expect((await ruleSets.history(10)).items).toHaveLength(3);
    expect(await auditRows('rule_set.rollback')).toHaveLength(1);
  });

  it('given a draft that turns a rule off, when backtested over 7 days, then the table shows the hits it removes, and nothing but the audit entry is written', async () => {
    const counts = async () => {
      const tables: { tablename: string }[] = await db().query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'audit_log' ORDER BY tablename`);
      return Object.fromEntries(
        await Promise.all(
          tables.map(async ({ tablename }): Promise<[string, number]> => [tablename, (await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${tablename}"`))[0].n]),
        ),
      );
    };
    const before = await counts();
    const result = await answered(backtests().run({ days: 7, rules: { 'unbind.unknown-device': { enabled: false } } }, 'analyst:sam'));
    expect(result).toMatchObject({ days: 7, events: 2, baselineVersion: 3 });
    expect(result.table.header).toEqual(['rule', 'v3', 'v4', 'added', 'removed']);
    expect(result.table.rows).toContainEqual(['unbind.unknown-device', '1', '0', '+0', '-1']);
    expect(await counts()).toEqual(before);
    const [entry] = await auditRows('rule_set.backtested');
    expect(entry).toMatchObject({ actor: 'analyst:sam', entity_id: '3', after: { days: 7, events: 2, draft: { rules: { 'unbind.unknown-device': { enabled: false } } } } });
  });

  it('given too many days, too many events, a draft that is invalid or a run past its time, then the backtest is refused with what to do', async () => {
    expect(await refusal(answered(backtests({ BACKTEST_MAX_DAYS: '14' }).run({ days: 15 }, 'analyst:sam')))).toMatchObject({ status: 400, error: 'BACKTEST_TOO_LONG' });
    expect(await refusal(answered(backtests({ BACKTEST_MAX_EVENTS: '1' }).run({ days: 7 }, 'analyst:sam')))).toMatchObject({
      status: 422,
      error: 'BACKTEST_TOO_LARGE',
      message: expect.stringContaining('hold 2 events, more than the 1') as unknown,
    });
    expect(await refusal(answered(backtests().run({ days: 7, rules: { 'loan.velocity': { score: 500 } } }, 'analyst:sam')))).toMatchObject({
      status: 400,
      error: 'INVALID_RULE_CHANGE',
    });
  });

  it('given stored events locked by a long migration, when a backtest waits past its time, then its query is cancelled and it says so', async () => {
    const runner = db().createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('LOCK TABLE account_event IN ACCESS EXCLUSIVE MODE');
      expect(await refusal(answered(backtests({ BACKTEST_TIMEOUT_MS: '300' }).run({ days: 7 }, 'analyst:sam')))).toMatchObject({
        status: 422,
        error: 'BACKTEST_TIMEOUT',
        message: expect.stringContaining('pick fewer days') as unknown,
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    // The console is free for the next one.
    expect((await answered(backtests().run({ days: 7 }, 'analyst:sam'))).events).toBe(2);
  });
});
