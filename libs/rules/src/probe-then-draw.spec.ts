import type { AccountEvent } from '@sentinel/contracts';
import { anEvent, verdictsOf } from '@sentinel/testing';

// An account opened in someone else's name (a lost ID card and a look-alike who passes the face
// check) has nothing of the real holder in it: the first device, the number set at sign-up and the
// card opened in the ID's name are all the opener's. What gives it away is what it does: a small
// first loan to see that the account pays out, then one many times it within days. Each test failed
// before `loan.probe-then-draw` (issue #21).

const dev = (id: string, ip = '198.51.100.7') => ({ device: { id, ip } });
const at = (day: number, hour = 10, minute = 0) => new Date(Date.UTC(2026, 10, day, hour, minute)).toISOString();
const minus = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

/** Sign-up on one phone: the first login, the number, the ID, a card in the ID's name (face-checked). */
const opened = (day: number): AccountEvent[] => [
  anEvent('device.login', { ...dev('phone-1'), occurredAt: at(day, 8) }),
  anEvent('contact.changed', { ...dev('phone-1'), occurredAt: at(day, 8, 5), payload: { kind: 'phone', value: '+8613800138000' } }),
  anEvent('consent.verified', { ...dev('phone-1'), occurredAt: minus(at(day, 8, 20), 1), payload: { method: 'face', purpose: 'card.bind', subjectId: 'card-1001' } }),
  anEvent('card.bound', {
    ...dev('phone-1'),
    occurredAt: at(day, 8, 20),
    payload: { card: { ref: 'card-1001', first6: '623059', last4: '1001', issuer: 'HENAN-RCU', holderName: 'Zhang San' } },
  }),
];

/** A loan with a face check on it a minute before. */
const faced = (loanId: string, amountMinor: number, when: string): AccountEvent[] => [
  anEvent('consent.verified', { ...dev('phone-1'), occurredAt: minus(when, 1), payload: { method: 'face', purpose: 'loan', subjectId: loanId } }),
  anEvent('loan.opened', { ...dev('phone-1'), occurredAt: when, payload: { loanId, amountMinor, currency: 'CNY' } }),
];

const judge = (story: AccountEvent[]) => verdictsOf(story).get(story.at(-1)!.id)!;
const ruleIds = (story: AccountEvent[]) => judge(story).considered.map((h) => h.ruleId);

describe('loan.probe-then-draw', () => {
  it('given an account opened this morning that took 600 CNY with a face check, when it takes 12,000 CNY three days later with a face check, then it is a case no "was me" clears', () => {
    const story = [...opened(1), ...faced('l-1', 60_000, at(1, 11)), ...faced('l-2', 1_200_000, at(4, 15))];
    const verdict = judge(story);
    const hit = verdict.hits.find((h) => h.ruleId === 'loan.probe-then-draw');
    expect(hit?.evidence).toMatchObject({ firstLoanId: 'l-1', firstAmount: '600.00 CNY', ratio: 20, factor: 4 });
    expect(hit?.explanation.en).toContain('test that the account pays out');
    expect(hit?.explanation['zh-CN']).toContain('先以小额贷款试探账户能否放款');
    // The face on the loan is what a look-alike passes; the contacts to ask are the opener's.
    expect(verdict.decision).toBe('urgent');
  });

  it('given the same account, when the second loan is a phone on instalments at a partner, then it counts as drawn too', () => {
    const phoneOnInstalments = faced('l-2', 500_000, at(3, 15)).map((e) => (e.type === 'loan.opened' ? { ...e, payload: { ...e.payload, merchantId: 'phone-outlet' } } : e));
    expect(ruleIds([...opened(1), ...faced('l-1', 60_000, at(1, 11)), ...phoneOnInstalments])).toContain('loan.probe-then-draw');
  });

  it('given a new borrower, when her second loan is three times her first, or four times it three weeks later, then it does not fire', () => {
    expect(ruleIds([...opened(1), ...faced('l-1', 200_000, at(1, 11)), ...faced('l-2', 600_000, at(4, 15))])).not.toContain('loan.probe-then-draw');
    expect(ruleIds([...opened(1), ...faced('l-1', 60_000, at(1, 11)), ...faced('l-2', 1_200_000, at(23, 15))])).not.toContain('loan.probe-then-draw');
  });

  it('given an account whose first loan came a month after it was opened, when a loan many times it follows, then the habit rules judge it, not this one', () => {
    const story = [...opened(1), ...faced('l-1', 60_000, at(30, 11))];
    const later = faced('l-2', 1_200_000, new Date(Date.UTC(2026, 11, 3, 15)).toISOString());
    expect(ruleIds([...story, ...later])).not.toContain('loan.probe-then-draw');
  });

  it('given an account first seen in the middle of its life (a backfill: no sign-up on record), when a small and a large loan follow, then it does not fire', () => {
    const midLife = [anEvent('device.login', { ...dev('phone-1'), occurredAt: at(1, 8) }), ...faced('l-1', 60_000, at(1, 11)), ...faced('l-2', 1_200_000, at(4, 15))];
    expect(ruleIds(midLife)).not.toContain('loan.probe-then-draw');
  });
});
