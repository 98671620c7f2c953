import type { AccountEvent } from '@sentinel/contracts';
import { anEvent, verdictsOf } from '@sentinel/testing';
import { isCaseWorthy, riskScore } from './evaluate-event';

// The five defects of issue #21, each as the story that showed it: given an account's history,
// when the event in question arrives, then the verdict the trust model gives. Each failed before
// the trust model.

const dev = (id: string, ip = '198.51.100.7') => ({ device: { id, ip } });
const login = (device: string, at: string, ip?: string) => anEvent('device.login', { ...dev(device, ip), occurredAt: at });
const phone = (value: string, device: string, at: string) => anEvent('contact.changed', { ...dev(device), occurredAt: at, payload: { kind: 'phone', value } });
const consent = (purpose: 'loan' | 'card.bind' | 'card.unbind' | 'contact.change', method: 'otp' | 'face' | 'esign', device: string, at: string, subjectId?: string) =>
  anEvent('consent.verified', { ...dev(device), occurredAt: at, payload: { method, purpose, ...(subjectId ? { subjectId } : {}) } });
const bind = (ref: string, holderName: string, issuer: string, device: string, at: string) =>
  anEvent('card.bound', { ...dev(device), occurredAt: at, payload: { card: { ref, first6: '622202', last4: ref.slice(-4).padStart(4, '0'), issuer, holderName } } });
const unbindBare = (ref: string, device: string, at: string) =>
  anEvent('card.unbound', { ...dev(device), occurredAt: at, payload: { card: { ref, last4: ref.slice(-4).padStart(4, '0') } } });
const loan = (loanId: string, amountMinor: number, device: string, at: string, ip?: string) =>
  anEvent('loan.opened', { ...dev(device, ip), occurredAt: at, payload: { loanId, amountMinor, currency: 'CNY' } });
const withConsent = (l: AccountEvent & { type: 'loan.opened' }, method: 'otp' | 'face') => [
  consent('loan', method, l.device!.id, new Date(Date.parse(l.occurredAt) - 60_000).toISOString(), l.payload.loanId),
  l,
];

/** A borrower of long standing: one phone since spring, the number set from it, a card in her name, three usual loans. */
const longStanding = (): AccountEvent[] => [
  login('phone-1', '2026-03-01T08:00:00.000Z'),
  phone('+8613800138000', 'phone-1', '2026-03-01T08:05:00.000Z'),
  bind('card-1001', 'Zhang San', 'ICBC', 'phone-1', '2026-03-01T08:10:00.000Z'),
  ...withConsent(loan('l-1', 300_000, 'phone-1', '2026-04-01T09:00:00.000Z'), 'otp'),
  ...withConsent(loan('l-2', 400_000, 'phone-1', '2026-06-01T09:00:00.000Z'), 'otp'),
  ...withConsent(loan('l-3', 350_000, 'phone-1', '2026-08-01T09:00:00.000Z'), 'otp'),
  login('phone-1', '2026-09-20T08:00:00.000Z'),
];

describe('issue #21 defect 1: trust is not earned by time alone', () => {
  it('given a device that replaced the phone number on its first day, when it unbinds the card four days later with an OTP to that number, then a case opens', () => {
    const unbind = anEvent('card.unbound', {
      ...dev('intruder-1', '203.0.113.66'),
      occurredAt: '2026-10-05T10:01:00.000Z',
      payload: { card: { ref: 'card-1001', last4: '1001', holderName: 'Zhang San', issuer: 'ICBC' } },
    });
    const story = [
      ...longStanding(),
      login('intruder-1', '2026-10-01T09:00:00.000Z', '203.0.113.66'),
      phone('+8613900000099', 'intruder-1', '2026-10-01T09:05:00.000Z'),
      login('intruder-1', '2026-10-03T09:00:00.000Z', '203.0.113.66'),
      consent('card.unbind', 'otp', 'intruder-1', '2026-10-05T10:00:00.000Z', 'card-1001'),
      unbind,
    ];
    const verdict = verdictsOf(story).get(unbind.id)!;
    expect(isCaseWorthy(verdict)).toBe(true);
    expect(verdict.hits.map((h) => h.evidence.deviceTrust)).toContain('takeover');
  });
  it('given the same takeover, when the intruder then logs in from 64 other device ids to push its own out of the state, then the unbind still opens a case', () => {
    const unbind = anEvent('card.unbound', {
      ...dev('intruder-1', '203.0.113.66'),
      occurredAt: '2026-10-05T10:01:00.000Z',
      payload: { card: { ref: 'card-1001', last4: '1001', holderName: 'Zhang San', issuer: 'ICBC' } },
    });
    const churn = Array.from({ length: 64 }, (_, i) => login(`churn-${i}`, new Date(Date.parse('2026-10-02T00:00:00.000Z') + i * 60_000).toISOString(), '203.0.113.66'));
    const story = [
      ...longStanding(),
      login('intruder-1', '2026-10-01T09:00:00.000Z', '203.0.113.66'),
      phone('+8613900000099', 'intruder-1', '2026-10-01T09:05:00.000Z'),
      ...churn,
      consent('card.unbind', 'otp', 'intruder-1', '2026-10-05T10:00:00.000Z', 'card-1001'),
      unbind,
    ];
    const verdict = verdictsOf(story).get(unbind.id)!;
    expect(isCaseWorthy(verdict)).toBe(true);
    expect(verdict.hits.map((h) => h.evidence.deviceTrust)).toContain('takeover');
  });
});

describe('issue #21 defect 2: deferred judgements keep the long-lived facts', () => {
  it('given a card bound months ago in her name, when it is unbound without the holder and another holder’s card at another bank is bound, then the swap counts as evidence', () => {
    const swapIn = bind('card-2002', 'Li Si', 'CMB', 'phone-1', '2026-10-05T10:30:00.000Z');
    const story = [
      ...longStanding(),
      consent('card.unbind', 'otp', 'phone-1', '2026-10-05T09:59:00.000Z', 'card-1001'),
      unbindBare('card-1001', 'phone-1', '2026-10-05T10:00:00.000Z'),
      swapIn,
    ];
    const swap = verdictsOf(story)
      .get(swapIn.id)!
      .hits.find((h) => h.ruleId === 'card.swap');
    expect(swap?.evidence).toMatchObject({ holderDiffers: true, issuerDiffers: true });
    expect(swap?.context).toBeUndefined();
  });
});

describe('issue #21 defect 3: consent strength depends on who received it', () => {
  it('given the phone number replaced days ago from a new device, when a loan is taken with an OTP to that number, then the OTP is no consent', () => {
    const theLoan = loan('l-9', 350_000, 'intruder-1', '2026-10-05T10:00:00.000Z', '203.0.113.66');
    const story = [
      ...longStanding(),
      login('intruder-1', '2026-10-01T09:00:00.000Z', '203.0.113.66'),
      phone('+8613900000099', 'intruder-1', '2026-10-01T09:05:00.000Z'),
      ...withConsent(theLoan, 'otp'),
    ];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    const consentHit = verdict.hits.find((h) => h.ruleId === 'loan.without-consent');
    expect(consentHit?.evidence.consentStrength).toBe('otp-untrusted-contact');
    expect(isCaseWorthy(verdict)).toBe(true);
  });

  it('given a new laptop, when a loan is face-verified, then it weighs less than the same loan on an OTP', () => {
    const story = (method: 'otp' | 'face') => {
      const theLoan = loan('l-9', 350_000, 'laptop-1', '2026-10-05T10:00:00.000Z');
      const verdict = verdictsOf([...longStanding(), login('laptop-1', '2026-10-05T09:50:00.000Z'), ...withConsent(theLoan, method)]).get(theLoan.id)!;
      // Both are answered by the borrower and send nothing; what is left to weigh still differs.
      expect(verdict.decision).toBeNull();
      return riskScore(verdict.considered);
    };
    expect(story('face')).toBeLessThan(story('otp'));
  });
});

describe('issue #21 deliveries: a doubt the borrower answered through their own channel sends nothing', () => {
  it("given a new laptop, when a loan to the borrower's own card is confirmed by an OTP to the number on file for years, then no heads-up: the residue is considered, not sent", () => {
    const theLoan = loan('l-9', 350_000, 'laptop-1', '2026-10-05T10:00:00.000Z');
    const verdict = verdictsOf([...longStanding(), login('laptop-1', '2026-10-05T09:50:00.000Z'), ...withConsent(theLoan, 'otp')]).get(theLoan.id)!;
    expect(verdict.decision).toBeNull();
    expect(verdict.considered.map((h) => h.ruleId).sort()).toEqual(['benign.otp-trusted-contact', 'loan.new-device']);
  });

  it('given the same loan without any consent, then the doubt stands and the borrower hears of it', () => {
    const theLoan = loan('l-9', 350_000, 'laptop-1', '2026-10-05T10:00:00.000Z');
    const verdict = verdictsOf([...longStanding(), login('laptop-1', '2026-10-05T09:50:00.000Z'), theLoan]).get(theLoan.id)!;
    expect(verdict.decision).not.toBeNull();
  });
});

describe('issue #21 defect 4: strong signs of the real borrower count', () => {
  it('given a number on file for months, when a new phone changes the card the same evening by OTP to it, for a card in her own name, then no case', () => {
    const events = [
      ...longStanding(),
      login('phone-2', '2026-10-05T18:00:00.000Z'),
      consent('card.unbind', 'otp', 'phone-2', '2026-10-05T18:20:00.000Z', 'card-1001'),
      unbindBare('card-1001', 'phone-2', '2026-10-05T18:21:00.000Z'),
      consent('card.bind', 'otp', 'phone-2', '2026-10-05T18:25:00.000Z'),
      bind('card-3003', 'Zhang San', 'CMB', 'phone-2', '2026-10-05T18:26:00.000Z'),
    ];
    const verdicts = verdictsOf(events);
    const cases = events.filter((e) => isCaseWorthy(verdicts.get(e.id)!));
    expect(cases.map((e) => e.type)).toEqual([]);
    const benign = [...verdicts.values()].flatMap((v) => v.considered).filter((h) => h.benign);
    expect(benign.map((h) => h.ruleId)).toEqual(expect.arrayContaining(['benign.otp-trusted-contact', 'benign.card-own-name']));
    expect(benign.every((h) => h.explanation.en.length > 0 && h.explanation['zh-CN'].length > 0)).toBe(true);
  });

  it('given two quiet months, when a new laptop on the home network takes a usual-sized, face-verified loan, then nothing is sent at all', () => {
    const theLoan = loan('l-4', 380_000, 'laptop-1', '2026-11-25T20:05:00.000Z');
    const verdict = verdictsOf([...longStanding(), login('laptop-1', '2026-11-25T20:00:00.000Z'), ...withConsent(theLoan, 'face')]).get(theLoan.id)!;
    expect(verdict.decision).toBeNull();
  });
});

describe('issue #21 defect 5: a credential reset combines with an outsized loan', () => {
  it('given a password reset from a network the account never used, when a loan of 15× the usual follows at once with an OTP, then a case opens', () => {
    const theLoan = loan('l-9', 5_000_000, 'phone-1', '2026-10-05T10:10:00.000Z', '203.0.113.201');
    const story = [
      ...longStanding(),
      anEvent('password.reset', { ...dev('phone-1', '203.0.113.201'), occurredAt: '2026-10-05T10:00:00.000Z', payload: { method: 'sms' } }),
      ...withConsent(theLoan, 'otp'),
    ];
    const verdict = verdictsOf(story).get(theLoan.id)!;
    expect(isCaseWorthy(verdict)).toBe(true);
    expect(verdict.hits.map((h) => h.ruleId)).toContain('loan.outsized-after-reset');
  });
});
