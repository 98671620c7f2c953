import { seedCase, testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccountCasesRepository } from './account-cases.repository';

/** The cases of accounts an entity ties together, each account of the run's own. */
describe('AccountCases, against Postgres', () => {
  let db: DataSource;
  let cases: AccountCasesRepository;
  const tag = randomUUID().slice(0, 8);
  const [older, newer, quiet] = ['older', 'newer', 'quiet'].map((name) => `${tag}-${name}`);
  let ids: { resolved: string; open: string; other: string };
  let codes: { open: string; other: string };

  beforeAll(async () => {
    db = await testDataSource();
    cases = new AccountCasesRepository(db);
    // The account's newest case is resolved; the case still open on it is older.
    const resolved = await seedCase(db, { accountId: older, eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 10 });
    await db.query(`UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolution_reason = 'false_positive', resolved_at = now() WHERE id = $1`, [
      resolved.caseId,
    ]);
    const open = await seedCase(db, { accountId: older, eventType: 'loan.opened', ruleId: 'loan.velocity', openedMinutesAgo: 120, decision: 'urgent', score: 80, seq: 2 });
    const other = await seedCase(db, { accountId: newer, eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 60 });
    ids = { resolved: resolved.caseId, open: open.caseId, other: other.caseId };
    codes = { open: open.referenceCode, other: other.referenceCode };
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('given accounts with cases, when their cases are listed, then the newest come first, each with the rules it hit, up to the limit', async () => {
    const listed = await cases.newestFirst([older, newer, quiet], 10);

    expect(listed.map((c) => c.id)).toEqual([ids.resolved, ids.other, ids.open]);
    expect(listed[0]).toMatchObject({ accountId: older, status: 'resolved', resolution: 'legitimate', decision: 'alert', rules: ['unbind.unknown-device'] });
    expect(listed[2]).toMatchObject({ accountId: older, status: 'open', resolution: null, decision: 'urgent', priority: 'high', score: 80, rules: ['loan.velocity'] });
    expect(listed[0].openedAt).toBeInstanceOf(Date);
    expect((await cases.newestFirst([older, newer], 2)).map((c) => c.id)).toEqual([ids.resolved, ids.other]);
  });

  it('given an account with an open case and a newer resolved one, when the case to open is asked for, then it is the open one; an account without cases has none', async () => {
    const toOpen = await cases.toOpen([older, newer, quiet]);

    expect(toOpen).toEqual(
      expect.arrayContaining([
        { accountId: older, id: ids.open, referenceCode: codes.open, status: 'open', decision: 'urgent', score: 80 },
        { accountId: newer, id: ids.other, referenceCode: codes.other, status: 'open', decision: 'alert', score: 62 },
      ]),
    );
    expect(toOpen).toHaveLength(2);
  });
});
