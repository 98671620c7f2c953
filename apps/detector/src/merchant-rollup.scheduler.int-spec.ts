import { CasesRepository, DataSourceTransactions, MerchantsRepository, OutboxRepository, RuleSetRepository } from '@sentinel/persistence';
import { createRegistry } from '@sentinel/service-kit';
import { systemClock } from '@sentinel/rules';
import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DetectorMetrics } from './detector.metrics';
import { LiveRuleSet } from './live-rule-set';
import { MerchantRollupScheduler } from './merchant-rollup.scheduler';
import { OutcomeWriter } from './outcome.writer';

describe('MerchantRollupScheduler against Postgres', () => {
  let dataSource: DataSource;
  const merchants = new MerchantsRepository();
  let scheduler: MerchantRollupScheduler;

  beforeAll(async () => {
    dataSource = await testDataSource();
    const metrics = new DetectorMetrics(createRegistry('test'));
    const ruleSets = new LiveRuleSet(new DataSourceTransactions(dataSource), new RuleSetRepository(dataSource), { ruleSetPollMs: 60_000 }, metrics);
    await ruleSets.refresh();
    scheduler = new MerchantRollupScheduler(
      new DataSourceTransactions(dataSource),
      { merchantRollupPollMs: 60_000 },
      ruleSets,
      merchants,
      new OutcomeWriter(new CasesRepository(), new OutboxRepository(), merchants, metrics, systemClock, { alertMaxAgeMs: 400 * 86_400_000 }),
    );
  });

  afterAll(() => dataSource.destroy());

  const flag = (merchantId: string, reason: 'flagged' | 'not_me') => ({
    merchantId,
    accountId: `acc-${randomUUID().slice(0, 8)}`,
    eventId: randomUUID(),
    reason,
    at: new Date().toISOString(),
  });

  const queued = async (...merchants: string[]): Promise<string[]> =>
    (await dataSource.query<{ merchant_id: string }[]>(`SELECT merchant_id FROM merchant_rollup_due WHERE merchant_id = ANY($1)`, [merchants])).map((r) => r.merchant_id);

  it('rolls up the merchants that flags queued, from detection and from borrowers, once each', async () => {
    const merchant = `m-${randomUUID().slice(0, 8)}`;
    const quiet = `m-${randomUUID().slice(0, 8)}`;
    await dataSource.transaction((db) => merchants.addMerchantFlags(db, [flag(merchant, 'flagged'), flag(merchant, 'flagged'), flag(quiet, 'flagged')]));
    await scheduler.runDue();
    // Two accounts are under the threshold of three: nothing flagged yet, nothing left queued.
    expect(await dataSource.query(`SELECT merchant_id FROM flagged_merchant WHERE merchant_id = ANY($1)`, [[merchant, quiet]])).toEqual([]);
    expect(await queued(merchant, quiet)).toEqual([]);

    // A borrower's "not me" on a third account is what tips it over.
    await dataSource.transaction((db) => merchants.addMerchantFlags(db, [flag(merchant, 'not_me')]));
    await scheduler.runDue();
    const [row] = await dataSource.query<{ accounts: number; flags: number; not_me: number }[]>(
      `SELECT cardinality(accounts) AS accounts, flags, not_me FROM flagged_merchant WHERE merchant_id = $1`,
      [merchant],
    );
    expect(row).toEqual({ accounts: 3, flags: 3, not_me: 1 });
    expect(await dataSource.query(`SELECT merchant_id FROM flagged_merchant WHERE merchant_id = $1`, [quiet])).toEqual([]);
  });

  it('flags merchants from backfilled history by event time: six victims each, weeks ago, arriving today', async () => {
    const preyed = [`m-${randomUUID().slice(0, 8)}`, `m-${randomUUID().slice(0, 8)}`];
    const sparse = `m-${randomUUID().slice(0, 8)}`;
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const backfill = [
      // Each preyed-on merchant: six accounts within twelve days, 70 and 50 days before today.
      ...preyed.flatMap((merchantId, m) => Array.from({ length: 6 }, (_, i) => ({ ...flag(merchantId, 'flagged'), at: daysAgo(70 - m * 20 - i * 2) }))),
      // One flagged loan a month: never three accounts within 30 days.
      ...Array.from({ length: 6 }, (_, i) => ({ ...flag(sparse, 'flagged'), at: daysAgo(40 + i * 35) })),
    ];
    await dataSource.transaction((db) => merchants.addMerchantFlags(db, backfill));
    await scheduler.runDue();
    const rows: { merchant_id: string; accounts: number }[] = await dataSource.query(
      `SELECT merchant_id, cardinality(accounts) AS accounts FROM flagged_merchant WHERE merchant_id = ANY($1) ORDER BY merchant_id`,
      [[...preyed, sparse]],
    );
    expect(rows).toEqual([...preyed].sort().map((merchant_id) => ({ merchant_id, accounts: 6 })));
  });

  it('leaves queued merchants queued when its transaction fails', async () => {
    const merchant = `m-${randomUUID().slice(0, 8)}`;
    await dataSource.transaction((db) => merchants.addMerchantFlags(db, [flag(merchant, 'flagged')]));
    await expect(
      dataSource.transaction(async (db) => {
        expect((await merchants.takeDueMerchants(db, 500)).merchants).toContain(merchant);
        throw new Error('crash mid-pass');
      }),
    ).rejects.toThrow('crash mid-pass');
    expect(await queued(merchant)).toEqual([merchant]);
    await scheduler.runDue();
    expect(await queued(merchant)).toEqual([]);
  });
});
