import type { AccountEvent } from '@sentinel/contracts';
import { anEvent, verdictsOf } from '@sentinel/testing';
import { isCaseWorthy } from './evaluate-event';

// A consent is only as good as the contact it was delivered to. An e-signature's link goes to the
// email on file; an email the account never had, set by someone the account does not trust, may be
// read by whoever set it. Adding a first recovery address is how an intruder or an insider gets a
// channel of their own without replacing anything.

const dev = (id: string, ip = '198.51.100.7') => ({ device: { id, ip } });
const login = (device: string, at: string) => anEvent('device.login', { ...dev(device), occurredAt: at });
const phone = (value: string, at: string) => anEvent('contact.changed', { ...dev('phone-1'), occurredAt: at, payload: { kind: 'phone', value } });
const agent = { channel: 'support' as const, actor: { kind: 'agent' as const, id: 'agent-7' }, device: { id: 'console-ws-3', ip: '61.135.0.13' } };
const esign = (device: string, at: string, loanId: string) =>
  anEvent('consent.verified', { ...dev(device), occurredAt: at, payload: { method: 'esign', purpose: 'loan', subjectId: loanId } });
const loan = (device: string, at: string, loanId: string) => anEvent('loan.opened', { ...dev(device), occurredAt: at, payload: { loanId, amountMinor: 400_000, currency: 'CNY' } });

/** Months on one phone, its number set at sign-up, no email. */
const borrower = (): AccountEvent[] => [
  login('phone-1', '2026-03-01T08:00:00.000Z'),
  phone('+8613800138000', '2026-03-01T08:05:00.000Z'),
  login('phone-1', '2026-09-20T08:00:00.000Z'),
];
const consentOf = (events: AccountEvent[], loanEvent: AccountEvent) =>
  verdictsOf(events)
    .get(loanEvent.id)!
    .hits.find((h) => h.ruleId === 'loan.without-consent');

describe('given an email the account never had', () => {
  it('when support sets it with no consent and a new device e-signs a loan hours later, then the e-signature is no consent and a case opens', () => {
    const theLoan = loan('phone-x', '2026-10-05T12:00:00.000Z', 'l-1');
    const story = [
      ...borrower(),
      anEvent('contact.changed', { ...agent, occurredAt: '2026-10-05T10:00:00.000Z', payload: { kind: 'email', value: 'box@example.net' } }),
      login('phone-x', '2026-10-05T11:55:00.000Z'),
      esign('phone-x', '2026-10-05T11:59:00.000Z', 'l-1'),
      theLoan,
    ];
    expect(consentOf(story, theLoan)?.evidence.consentStrength).toBe('esign-untrusted-contact');
    expect(isCaseWorthy(verdictsOf(story).get(theLoan.id)!)).toBe(true);
  });

  it('when a device the account never saw sets it and e-signs a loan a day later, then the e-signature is no consent', () => {
    const theLoan = loan('laptop-x', '2026-10-06T10:00:00.000Z', 'l-1');
    const story = [
      ...borrower(),
      login('laptop-x', '2026-10-05T09:55:00.000Z'),
      anEvent('contact.changed', { ...dev('laptop-x'), occurredAt: '2026-10-05T10:00:00.000Z', payload: { kind: 'email', value: 'inbox@example.org' } }),
      esign('laptop-x', '2026-10-06T09:59:00.000Z', 'l-1'),
      theLoan,
    ];
    const hit = consentOf(story, theLoan);
    expect(hit?.evidence.consentStrength).toBe('esign-untrusted-contact');
    expect(hit?.explanation['zh-CN']).toContain('不受信任邮箱');
  });

  it('when the borrower’s own phone adds it and e-signs a loan, then the e-signature counts', () => {
    const theLoan = loan('phone-1', '2026-10-06T10:00:00.000Z', 'l-1');
    const story = [
      ...borrower(),
      anEvent('contact.changed', { ...dev('phone-1'), occurredAt: '2026-10-05T10:00:00.000Z', payload: { kind: 'email', value: 'me@example.org' } }),
      esign('phone-1', '2026-10-06T09:59:00.000Z', 'l-1'),
      theLoan,
    ];
    expect(consentOf(story, theLoan)).toBeUndefined();
  });

  it('when it was set at sign-up on the first device, then an e-signature from a new laptop counts', () => {
    const theLoan = loan('laptop-2', '2026-10-06T10:00:00.000Z', 'l-1');
    const story = [
      login('phone-1', '2026-03-01T08:00:00.000Z'),
      anEvent('contact.changed', { ...dev('phone-1'), occurredAt: '2026-03-01T08:06:00.000Z', payload: { kind: 'email', value: 'me@example.org' } }),
      login('laptop-2', '2026-10-06T09:50:00.000Z'),
      esign('laptop-2', '2026-10-06T09:59:00.000Z', 'l-1'),
      theLoan,
    ];
    expect(consentOf(story, theLoan)).toBeUndefined();
  });
});

describe('given a loan a partner opens at its own terminal', () => {
  const partner = { channel: 'partner:clinic-1' as const, actor: { kind: 'partner' as const, id: 'clinic-1' } };
  const atTill = (at: string) =>
    anEvent('loan.opened', {
      ...partner,
      device: { id: 'pos-2', ip: '36.30.17.250' },
      occurredAt: at,
      payload: { loanId: 'l-9', amountMinor: 950_000, currency: 'CNY', merchantId: 'clinic-1' },
    });

  it('when its only consent is a face check the partner recorded on its own store pad, then it is no consent', () => {
    const theLoan = atTill('2026-10-05T21:00:00.000Z');
    const padFace = anEvent('consent.verified', {
      ...partner,
      device: { id: 'storepad-3', ip: '36.30.17.250' },
      occurredAt: '2026-10-05T20:59:00.000Z',
      payload: { method: 'face', purpose: 'loan', subjectId: 'l-9' },
    });
    const hit = consentOf([...borrower(), padFace, theLoan], theLoan);
    expect(hit?.evidence.consentStrength).toBe('merchant-captured');
    expect(hit?.explanation.en).toContain('the partner recorded itself');
  });

  it('when the borrower confirms it on her own phone, then it counts', () => {
    const theLoan = atTill('2026-10-05T21:00:00.000Z');
    const ownOtp = anEvent('consent.verified', { ...dev('phone-1'), occurredAt: '2026-10-05T20:59:00.000Z', payload: { method: 'otp', purpose: 'loan', subjectId: 'l-9' } });
    expect(consentOf([...borrower(), ownOtp, theLoan], theLoan)).toBeUndefined();
  });
});
