import { dueDocumentNotice, type DocumentExpiry } from './document-notices';
import { merchantRollup } from './merchant-rollup';

const enabled = { remindersEnabled: true, expiredEnabled: true };
const doc = (expiresOn: string, remindedDays: number[] = [], expiredNotified = false): DocumentExpiry => ({
  accountId: 'acc-1',
  documentType: 'resident_id',
  expiresOn,
  remindedDays,
  expiredNotified,
});

describe('ID document notices', () => {
  it('reminds 30, 7 and 1 days ahead, once each', () => {
    expect(dueDocumentNotice(doc('2026-12-20'), '2026-11-20', [30, 7, 1], enabled)).toMatchObject({ ruleId: 'notice.id-expiring', daysLeft: 30, markDays: [30] });
    expect(dueDocumentNotice(doc('2026-12-20', [30]), '2026-11-21', [30, 7, 1], enabled)).toBeNull();
    expect(dueDocumentNotice(doc('2026-12-20', [30]), '2026-12-13', [30, 7, 1], enabled)).toMatchObject({ daysLeft: 7, markDays: [7] });
    expect(dueDocumentNotice(doc('2026-12-20', [30, 7]), '2026-12-19', [30, 7, 1], enabled)).toMatchObject({ daysLeft: 1, markDays: [1] });
  });

  it('sends one reminder, not three, when it learns of an expiry 5 days away', () => {
    const notice = dueDocumentNotice(doc('2026-11-25'), '2026-11-20', [30, 7, 1], enabled);
    expect(notice).toMatchObject({ daysLeft: 5, markDays: [30, 7] });
    expect(notice?.explanation['zh-CN']).toContain('还有 5 天');
  });

  it('says once that the document has expired', () => {
    expect(dueDocumentNotice(doc('2026-11-19', [30, 7, 1]), '2026-11-20', [30, 7, 1], enabled)).toMatchObject({ ruleId: 'notice.id-expired', expired: true });
    expect(dueDocumentNotice(doc('2026-11-19', [30, 7, 1], true), '2026-11-20', [30, 7, 1], enabled)).toBeNull();
  });

  it('stays silent for a document far from expiry, or when the notice is disabled', () => {
    expect(dueDocumentNotice(doc('2036-01-01'), '2026-11-20', [30, 7, 1], enabled)).toBeNull();
    expect(dueDocumentNotice(doc('2026-11-25'), '2026-11-20', [30, 7, 1], { remindersEnabled: false, expiredEnabled: true })).toBeNull();
  });
});

describe('merchant roll-up', () => {
  const flag = (merchantId: string, accountId: string, at = '2026-11-15T00:00:00Z', reason: 'flagged' | 'not_me' = 'flagged') => ({ merchantId, accountId, at, reason });
  const params = { minAccounts: 3, windowDays: 30 };

  it('flags a merchant with flagged loans on K distinct accounts and lists them', () => {
    const hits = merchantRollup([flag('m-42', 'a1'), flag('m-42', 'a2', undefined, 'not_me'), flag('m-42', 'a3'), flag('m-42', 'a3'), flag('m-7', 'a1')], params);
    expect(hits).toEqual([expect.objectContaining({ merchantId: 'm-42', accounts: ['a1', 'a2', 'a3'], flags: 4, notMe: 1 })]);
    expect(hits[0].explanation.en).toContain('on 3 accounts within 30 days (threshold 3): a1, a2, a3');
  });

  it('does not flag a merchant with one victim, or with victims too far apart in event time', () => {
    expect(merchantRollup([flag('m-42', 'a1'), flag('m-42', 'a1')], params)).toEqual([]);
    const apart = [flag('m-42', 'a1', '2026-01-01T00:00:00Z'), flag('m-42', 'a2', '2026-01-01T00:00:00Z'), flag('m-42', 'a3')];
    expect(merchantRollup(apart, params)).toEqual([]);
  });

  it('given two merchants that each preyed on six accounts months ago, when the history is rolled up today, then both are flagged', () => {
    const history = ['m-1', 'm-2'].flatMap((merchantId, m) =>
      Array.from({ length: 6 }, (_, i) => flag(merchantId, `${merchantId}-victim-${i}`, new Date(Date.UTC(2026, 3 + m, 1 + i * 3)).toISOString())),
    );
    const hits = merchantRollup(history, params);
    expect(hits.map((h) => [h.merchantId, h.accounts.length])).toEqual([
      ['m-1', 6],
      ['m-2', 6],
    ]);
  });

  it('counts any span of the window, listing only the accounts inside a dense span', () => {
    // a0 months earlier, then a1..a3 within ten days: a0 is not part of the pattern.
    const hits = merchantRollup(
      [flag('m-9', 'a0', '2026-03-01T00:00:00Z'), flag('m-9', 'a1', '2026-06-01T00:00:00Z'), flag('m-9', 'a2', '2026-06-05T00:00:00Z'), flag('m-9', 'a3', '2026-06-10T00:00:00Z')],
      params,
    );
    expect(hits).toEqual([expect.objectContaining({ merchantId: 'm-9', accounts: ['a1', 'a2', 'a3'], flags: 3 })]);
  });

  it('gives the same verdict whatever order the flags arrive in', () => {
    const flags = Array.from({ length: 9 }, (_, i) => flag(`m-${i % 2}`, `a${i}`, new Date(Date.UTC(2026, 5, 1 + i * 4)).toISOString()));
    const expected = merchantRollup(flags, params);
    expect(expected.length).toBeGreaterThan(0);
    expect(merchantRollup([...flags].reverse(), params)).toEqual(expected);
    expect(merchantRollup([flags[4], flags[0], flags[8], flags[2], flags[6], flags[1], flags[7], flags[3], flags[5]], params)).toEqual(expected);
  });
});
