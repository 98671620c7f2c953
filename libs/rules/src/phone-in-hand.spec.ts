import type { AccountEvent } from '@sentinel/contracts';
import { anEvent, verdictsOf } from '@sentinel/testing';
import { isCaseWorthy } from './evaluate-event';

// Whoever holds the borrower's unlocked phone passes every check of who acts: the device is the
// borrower's, the network is home, and the OTP arrives on that phone. What gives them away is what
// they do: borrow far above the borrower's habit, or onto a card in someone else's name. Neither is
// proof (a borrower buys a car; a spouse's card is bound), so the answer is a step-up: the borrower
// is asked through a trusted contact before the money goes, not an analyst's case at once.

const dev = (id: string, ip = '198.51.100.7') => ({ device: { id, ip } });
const login = (device: string, at: string) => anEvent('device.login', { ...dev(device), occurredAt: at });
const consent = (purpose: 'loan' | 'card.bind', device: string, at: string, subjectId?: string, method: 'otp' | 'face' = 'otp') =>
  anEvent('consent.verified', { ...dev(device), occurredAt: at, payload: { method, purpose, ...(subjectId ? { subjectId } : {}) } });
const bind = (ref: string, holderName: string, issuer: string, at: string) =>
  anEvent('card.bound', { ...dev('phone-1'), occurredAt: at, payload: { card: { ref, first6: '622202', last4: ref.slice(-4), issuer, holderName } } });
const loan = (loanId: string, amountMinor: number, at: string) => anEvent('loan.opened', { ...dev('phone-1'), occurredAt: at, payload: { loanId, amountMinor, currency: 'CNY' } });
const consentedLoan = (loanId: string, amountMinor: number, at: string) => [
  consent('loan', 'phone-1', new Date(Date.parse(at) - 60_000).toISOString(), loanId),
  loan(loanId, amountMinor, at),
];

/** One phone since spring, a card in her name, two usual loans. */
const borrower = (): AccountEvent[] => [
  login('phone-1', '2026-03-01T08:00:00.000Z'),
  bind('card-1001', 'Zhang San', 'ICBC', '2026-03-01T08:10:00.000Z'),
  ...consentedLoan('l-1', 300_000, '2026-05-01T09:00:00.000Z'),
  ...consentedLoan('l-2', 400_000, '2026-08-01T09:00:00.000Z'),
  login('phone-1', '2026-10-05T21:00:00.000Z'),
];

describe('given the borrower’s own phone in someone else’s hand', () => {
  it('when a card in another holder’s name is bound on it and a usual-sized loan follows, then the loan is a case no “was me” clears', () => {
    const theLoan = loan('l-3', 350_000, '2026-10-05T21:20:00.000Z');
    const story = [
      ...borrower(),
      consent('card.bind', 'phone-1', '2026-10-05T21:04:00.000Z', 'card-2002'),
      bind('card-2002', 'Wang Wu', 'CMB', '2026-10-05T21:05:00.000Z'),
      consent('loan', 'phone-1', '2026-10-05T21:19:00.000Z', 'l-3'),
      theLoan,
    ];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    expect(verdict.hits.map((h) => h.ruleId)).toContain('loan.to-new-holder-card');
    // Whoever holds the phone would answer a step-up "was me": the payout to another holder's card decides.
    expect(verdict.decision).toBe('urgent');
  });

  it('when the loan is seven times her habit, with the OTP passed on that phone, then it is a step-up', () => {
    const [otp, theLoan] = consentedLoan('l-3', 2_450_000, '2026-10-05T21:20:00.000Z');
    const verdict = verdictsOf([...borrower(), otp, theLoan]).get(theLoan.id)!;
    expect(verdict.hits.map((h) => h.ruleId)).toContain('loan.amount-anomaly');
    expect(isCaseWorthy(verdict)).toBe(true);
  });

  it('when the borrower herself takes seven times her habit with a face check on the loan, then nothing is asked: the face answers what an OTP cannot', () => {
    const theLoan = loan('l-3', 2_450_000, '2026-10-05T21:20:00.000Z');
    const story = [...borrower(), consent('loan', 'phone-1', '2026-10-05T21:19:00.000Z', 'l-3', 'face'), theLoan];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    expect(verdict.hits.map((h) => h.ruleId)).not.toContain('loan.amount-anomaly');
    expect(isCaseWorthy(verdict)).toBe(false);
  });

  it('when a trojan binds a mule’s card on the day she takes her own face-checked loan, then the loan is still a step-up: the face says who borrows, not where the money goes', () => {
    const theLoan = loan('l-3', 350_000, '2026-10-05T21:20:00.000Z');
    const story = [
      ...borrower(),
      consent('card.bind', 'phone-1', '2026-10-05T21:04:00.000Z', 'card-2002'),
      bind('card-2002', 'Wang Wu', 'CMB', '2026-10-05T21:05:00.000Z'),
      consent('loan', 'phone-1', '2026-10-05T21:19:00.000Z', 'l-3', 'face'),
      theLoan,
    ];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    expect(verdict.hits.map((h) => h.ruleId)).toContain('loan.to-new-holder-card');
    expect(isCaseWorthy(verdict)).toBe(true);
  });

  it('when the borrower binds a new card in her own name and borrows as usual, then nothing is asked', () => {
    const theLoan = loan('l-3', 350_000, '2026-10-05T21:20:00.000Z');
    const story = [
      ...borrower(),
      consent('card.bind', 'phone-1', '2026-10-05T21:04:00.000Z', 'card-3003'),
      bind('card-3003', 'Zhang San', 'CMB', '2026-10-05T21:05:00.000Z'),
      consent('loan', 'phone-1', '2026-10-05T21:19:00.000Z', 'l-3'),
      theLoan,
    ];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    expect(verdict.hits.map((h) => h.ruleId)).not.toContain('loan.to-new-holder-card');
    expect(isCaseWorthy(verdict)).toBe(false);
  });

  it('when the other holder’s card was bound with a face check (a relative’s, while her own is frozen), then the loan is not doubted for it', () => {
    const theLoan = loan('l-3', 350_000, '2026-10-05T21:20:00.000Z');
    const story = [
      ...borrower(),
      consent('card.bind', 'phone-1', '2026-10-05T21:04:00.000Z', 'card-2002', 'face'),
      bind('card-2002', 'Zhang Wei', 'CMB', '2026-10-05T21:05:00.000Z'),
      consent('loan', 'phone-1', '2026-10-05T21:19:00.000Z', 'l-3'),
      theLoan,
    ];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    expect(verdict.hits.map((h) => h.ruleId)).not.toContain('loan.to-new-holder-card');
    expect(isCaseWorthy(verdict)).toBe(false);
  });

  it('when the other holder’s card was bound over a month before, then the loan is not doubted for it', () => {
    const theLoan = loan('l-3', 350_000, '2026-10-05T21:20:00.000Z');
    const story = [...borrower(), bind('card-2002', 'Wang Wu', 'CMB', '2026-08-20T10:00:00.000Z'), consent('loan', 'phone-1', '2026-10-05T21:19:00.000Z', 'l-3'), theLoan];
    expect(
      verdictsOf(story)
        .get(theLoan.id)!
        .hits.map((h) => h.ruleId),
    ).not.toContain('loan.to-new-holder-card');
  });
});
