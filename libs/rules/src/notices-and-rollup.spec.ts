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
  const now = new Date('2026-11-20T12:00:00Z');
  const flag = (merchantId: string, accountId: string, at = '2026-11-15T00:00:00Z', reason: 'flagged' | 'not_me' = 'flagged') => ({ merchantId, accountId, at, reason });

  it('flags a merchant with flagged loans on K distinct accounts and lists them', () => {
    const hits = merchantRollup([flag('m-42', 'a1'), flag('m-42', 'a2', undefined, 'not_me'), flag('m-42', 'a3'), flag('m-42', 'a3'), flag('m-7', 'a1')], now, { minAccounts: 3, windowDays: 30 });
    expect(hits).toEqual([expect.objectContaining({ merchantId: 'm-42', accounts: ['a1', 'a2', 'a3'], flags: 4, notMe: 1 })]);
    expect(hits[0].explanation.en).toContain('on 3 accounts within 30 days (threshold 3): a1, a2, a3');
  });

  it('does not flag a merchant with one victim, or flags outside the window', () => {
    expect(merchantRollup([flag('m-42', 'a1'), flag('m-42', 'a1')], now, { minAccounts: 3, windowDays: 30 })).toEqual([]);
    const old = [flag('m-42', 'a1', '2026-01-01T00:00:00Z'), flag('m-42', 'a2', '2026-01-01T00:00:00Z'), flag('m-42', 'a3')];
    expect(merchantRollup(old, now, { minAccounts: 3, windowDays: 30 })).toEqual([]);
  });
});
