import { anEvent, givenHistory, whenRuleSees } from '@sentinel/testing';
import { evolve } from '../account-state';
import { fixedClock } from '../clock';
import { cardInvalidatedNoticeRule } from './card-invalidated.notice.rule';
import { loanAfterRedirectRule } from './loan-after-redirect.rule';
import { loanAmountAnomalyRule } from './loan-amount-anomaly.rule';
import { loanDormantAccountRule } from './loan-dormant-account.rule';
import { loanExpiredDocumentRule } from './loan-expired-document.rule';
import { loanPaceRule } from './loan-pace.rule';
import { loanPartnerUnknownDeviceRule } from './loan-partner-unknown-device.rule';
import { loanVelocityRule } from './loan-velocity.rule';
import { loanWithoutConsentRule } from './loan-without-consent.rule';

const loan = (at: string, loanId = 'L1', amountMinor = 500_000, extra: Partial<Parameters<typeof anEvent<'loan.opened'>>[1]> = {}) =>
  anEvent('loan.opened', { occurredAt: at, payload: { loanId, amountMinor, currency: 'CNY' }, ...extra });
const consent = (at: string, subjectId?: string) => anEvent('consent.verified', { occurredAt: at, payload: { method: 'otp', purpose: 'loan', subjectId } });
const login = (device: string, at: string) => anEvent('device.login', { device: { id: device, ip: '198.51.100.7' }, occurredAt: at });

describe('loan.without-consent', () => {
  const rule = loanWithoutConsentRule;

  it('fires when no consent was verified for the loan', () => {
    const finding = whenRuleSees(rule, givenHistory(login('phone-1', '2026-11-01T00:00:00Z')), loan('2026-11-20T10:00:00Z'));
    expect(finding?.evidence).toMatchObject({ loanId: 'L1', amount: '5000.00 CNY', windowMinutes: 30 });
    expect(finding?.explanation['zh-CN']).toContain('没有针对该贷款的短信验证码、人脸或电子签名授权');
  });

  it('does not fire for a loan preceded by an OTP consent', () => {
    const state = givenHistory(consent('2026-11-20T09:58:00Z', 'L1'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'))).toBeNull();
  });

  it('is cleared by a consent that arrives 2 s after the loan it authorised', () => {
    const theLoan = loan('2026-11-20T10:00:00Z');
    const afterBoth = evolve(evolve(givenHistory(), theLoan), consent('2026-11-20T09:59:58Z', 'L1'));
    expect(rule.evaluate(afterBoth, theLoan, fixedClock('2026-11-20T10:00:05Z'), rule.defaults.params as never)).toBeNull();
  });

  it('does not accept a consent for another loan, or one older than the window', () => {
    expect(whenRuleSees(rule, givenHistory(consent('2026-11-20T09:58:00Z', 'L2')), loan('2026-11-20T10:00:00Z'))).not.toBeNull();
    expect(whenRuleSees(rule, givenHistory(consent('2026-11-20T08:00:00Z', 'L1')), loan('2026-11-20T10:00:00Z'))).not.toBeNull();
  });
});

describe('loan.partner-unknown-device', () => {
  const rule = loanPartnerUnknownDeviceRule;
  const known = givenHistory(login('phone-1', '2026-09-01T00:00:00Z'), login('phone-1', '2026-11-19T00:00:00Z'));
  const viaPartner = (device: string) => loan('2026-11-20T10:00:00Z', 'L1', 500_000, { channel: 'partner:m-42', device: { id: device, ip: '198.51.100.7' } });

  it('fires for a partner loan from a device the account never used', () => {
    expect(whenRuleSees(rule, known, viaPartner('pos-77'))?.evidence).toMatchObject({ partner: 'm-42', deviceId: 'pos-77', device: 'unknown' });
  });

  it("does not fire for a partner loan from the borrower's own phone, nor for an app loan", () => {
    expect(whenRuleSees(rule, known, viaPartner('phone-1'))).toBeNull();
    expect(whenRuleSees(rule, known, loan('2026-11-20T10:00:00Z', 'L1', 500_000, { device: { id: 'pos-77' } }))).toBeNull();
  });
});

describe('loan.after-redirect', () => {
  const rule = loanAfterRedirectRule;

  const phone = (at: string, value: string) => anEvent('contact.changed', { occurredAt: at, payload: { kind: 'phone', value } });

  it('given a number replaced from a laptop the account had just met, when a loan follows, then it is evidence', () => {
    const state = givenHistory(
      phone('2026-01-01T00:00:00Z', '+8613800138000'),
      login('laptop-x', '2026-11-19T09:50:00Z'),
      anEvent('contact.changed', { device: { id: 'laptop-x' }, occurredAt: '2026-11-19T10:00:00Z', payload: { kind: 'phone', value: '+8613900000000' } }),
    );
    const finding = whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'));
    expect(finding).toMatchObject({ context: false, evidence: { fromSettledDevice: false, causeDeviceId: 'laptop-x' } });
  });

  it('given a borrower who changed their number on their own phone of months, when a loan follows, then it is only context', () => {
    const state = givenHistory(phone('2026-01-01T00:00:00Z', '+8613800138000'), phone('2026-11-19T10:00:00Z', '+8613900000000'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'))).toMatchObject({ context: true });
  });

  it('fires for a loan a day after the phone number changed', () => {
    const state = givenHistory(phone('2026-01-01T00:00:00Z', '+8613800138000'), phone('2026-11-19T10:00:00Z', '+8613900000000'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'))?.evidence).toMatchObject({ cause: 'contact.changed', hoursBefore: 24 });
  });

  it('fires for a loan after a card swap', () => {
    const state = givenHistory(
      anEvent('card.unbound', { occurredAt: '2026-11-20T06:00:00Z' }),
      anEvent('card.bound', { occurredAt: '2026-11-20T07:00:00Z', payload: { card: { ref: 'card-2', last4: '9999' } } }),
    );
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'))?.evidence).toMatchObject({ cause: 'card.swap', hoursBefore: 3 });
  });

  it('does not fire when the change was long before, a first phone was set, or a card was merely bound', () => {
    const old = givenHistory(phone('2026-01-01T00:00:00Z', '+8613800138000'), phone('2026-11-01T10:00:00Z', '+8613900000000'));
    expect(whenRuleSees(rule, old, loan('2026-11-20T10:00:00Z'))).toBeNull();
    const onboarding = givenHistory(phone('2026-11-20T09:00:00Z', '+8613800138000'));
    expect(whenRuleSees(rule, onboarding, loan('2026-11-20T10:00:00Z'))).toBeNull();
    const firstCard = givenHistory(anEvent('card.bound', { occurredAt: '2026-11-20T07:00:00Z' }));
    expect(whenRuleSees(rule, firstCard, loan('2026-11-20T10:00:00Z'))).toBeNull();
  });
});

describe('loan.velocity', () => {
  const rule = loanVelocityRule;

  it('given three loans today, when a fourth is opened within hours, then it fires at the alert band on its own', () => {
    const state = givenHistory(loan('2026-11-20T01:00:00Z', 'L1'), loan('2026-11-20T03:00:00Z', 'L2'), loan('2026-11-20T05:00:00Z', 'L3'));
    const finding = whenRuleSees(rule, state, loan('2026-11-20T07:00:00Z', 'L4'));
    expect(finding?.evidence).toMatchObject({ loans: 4, maxLoans: 4 });
    expect(finding?.scoreAdjust).toBe(0);
  });

  it('given a burst going on, when each further loan comes, then each weighs more', () => {
    const state = givenHistory(...['01', '02', '03', '04'].map((h, i) => loan(`2026-11-20T${h}:00:00Z`, `L${i + 1}`)));
    expect(whenRuleSees(rule, state, loan('2026-11-20T05:00:00Z', 'L5'))?.scoreAdjust).toBe(15);
  });

  it('given a festival day of instalment purchases at shops and partner checkouts, when a fifth is made, then it does not fire; a cash loan after them is counted alone', () => {
    const shop = (at: string, id: string, merchantId: string) => loan(at, id, 80_000, { payload: { loanId: id, amountMinor: 80_000, currency: 'CNY', merchantId } });
    const spree = givenHistory(
      shop('2026-11-11T00:05:00Z', 'P1', 'shop-a'),
      shop('2026-11-11T00:20:00Z', 'P2', 'shop-b'),
      shop('2026-11-11T09:00:00Z', 'P3', 'shop-a'),
      loan('2026-11-11T10:00:00Z', 'P4', 80_000, { channel: 'partner:mall-1' }),
    );
    expect(whenRuleSees(rule, spree, shop('2026-11-11T12:00:00Z', 'P5', 'shop-c'))).toBeNull();
    expect(whenRuleSees(rule, spree, loan('2026-11-11T13:00:00Z', 'L1'))).toBeNull();
  });

  it('given two loans today, when a third is opened, then it does not fire: borrowers do that', () => {
    const state = givenHistory(loan('2026-11-20T01:00:00Z', 'L1'), loan('2026-11-20T05:00:00Z', 'L2'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z', 'L3'))).toBeNull();
  });

  it('does not fire on loans spread over weeks', () => {
    const state = givenHistory(loan('2026-10-01T01:00:00Z', 'L1'), loan('2026-11-01T05:00:00Z', 'L2'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z', 'L3'))).toBeNull();
  });
});

describe('loan.amount-anomaly', () => {
  const rule = loanAmountAnomalyRule;
  const habit = [loan('2026-08-01T00:00:00Z', 'L1', 100_000), loan('2026-09-01T00:00:00Z', 'L2', 120_000), loan('2026-10-01T00:00:00Z', 'L3', 80_000)];
  const history = givenHistory(...habit);

  it("fires for a loan far above the account's median", () => {
    expect(whenRuleSees(rule, history, loan('2026-11-20T10:00:00Z', 'L4', 1_000_000))?.evidence).toMatchObject({ ratio: 10, medianAmount: '1000.00 CNY' });
  });

  it('does not fire for a usual amount, or without enough history to judge', () => {
    expect(whenRuleSees(rule, history, loan('2026-11-20T10:00:00Z', 'L4', 150_000))).toBeNull();
    expect(whenRuleSees(rule, givenHistory(loan('2026-08-01T00:00:00Z', 'L1', 100_000)), loan('2026-11-20T10:00:00Z', 'L4', 1_000_000))).toBeNull();
  });

  it("given two earlier loans, when the borrower's unlocked phone takes one eight times their usual, then it is a fact to ask about, not context", () => {
    const two = givenHistory(loan('2026-08-01T00:00:00Z', 'L1', 100_000), loan('2026-09-01T00:00:00Z', 'L2', 120_000));
    const finding = whenRuleSees(rule, two, loan('2026-11-20T10:00:00Z', 'L3', 880_000));
    expect(finding?.evidence).toMatchObject({ ratio: 8, history: 2, medianAmount: '1100.00 CNY' });
    expect(rule.doubt).toBe('fact');
  });

  it('given a cash-out split into loans of twice the usual an hour apart, when the day adds up past the factor, then the last one fires with the day total', () => {
    const split = givenHistory(...habit, loan('2026-11-20T08:00:00Z', 'L4', 200_000), loan('2026-11-20T09:00:00Z', 'L5', 200_000));
    const finding = whenRuleSees(rule, split, loan('2026-11-20T10:00:00Z', 'L6', 200_000));
    expect(finding?.evidence).toMatchObject({ dayTotal: '6000.00 CNY', ratio: 6, history: 3 });
    expect(finding?.explanation.en).toContain("with the day's other loans");
    expect(finding?.explanation['zh-CN']).toContain('连同当日其他贷款共 6000.00 CNY');
  });

  it('given a borrower whose loans vary, when one is under three times the usual, then it does not fire', () => {
    expect(whenRuleSees(rule, history, loan('2026-11-20T10:00:00Z', 'L4', 280_000))).toBeNull();
  });

  it('given loans an hour apart, when the second is measured, then the first is not its habit', () => {
    const sameDay = givenHistory(loan('2026-11-20T09:00:00Z', 'L1', 100_000), loan('2026-11-20T09:30:00Z', 'L2', 100_000));
    expect(whenRuleSees(rule, sameDay, loan('2026-11-20T10:00:00Z', 'L3', 1_000_000))).toBeNull();
  });
});

describe('loan.pace', () => {
  const rule = loanPaceRule;
  const habit = [loan('2026-06-01T09:00:00Z', 'L1', 400_000), loan('2026-08-01T09:00:00Z', 'L2', 400_000), loan('2026-10-01T09:00:00Z', 'L3', 400_000)];

  it('given a loan of the usual size every few days, when the third in two weeks takes the total past three times the usual, then it fires', () => {
    const drip = givenHistory(...habit, loan('2026-11-10T09:00:00Z', 'L4', 380_000), loan('2026-11-14T09:00:00Z', 'L5', 390_000));
    const finding = whenRuleSees(rule, drip, loan('2026-11-18T09:00:00Z', 'L6', 450_000));
    expect(finding?.evidence).toMatchObject({ loans: 3, total: '12200.00 CNY', medianAmount: '4000.00 CNY', ratio: 3.1, history: 3 });
    expect(finding?.explanation['zh-CN']).toContain('14 天内的第 3 笔现金贷款');
  });

  it('given a repeat borrower, when loans come weeks apart, then it does not fire', () => {
    const regular = givenHistory(...habit, loan('2026-10-25T09:00:00Z', 'L4', 400_000));
    expect(whenRuleSees(rule, regular, loan('2026-11-18T09:00:00Z', 'L5', 450_000))).toBeNull();
  });

  it('given shop purchases in the same days, when a cash loan comes, then only cash loans count', () => {
    const shop = (at: string, id: string) => loan(at, id, 400_000, { payload: { loanId: id, amountMinor: 400_000, currency: 'CNY', merchantId: 'shop-a' } });
    const spree = givenHistory(...habit, shop('2026-11-10T09:00:00Z', 'P1'), shop('2026-11-14T09:00:00Z', 'P2'));
    expect(whenRuleSees(rule, spree, loan('2026-11-18T09:00:00Z', 'L4', 450_000))).toBeNull();
  });

  it('given a stallholder who takes three loans every month end, when this month end does the same, then it does not fire: a month end is the habit', () => {
    const monthEnd = (month: string, first: number) => [
      loan(`2026-${month}-28T09:00:00Z`, `L${first}`, 2_000_000),
      loan(`2026-${month}-29T09:00:00Z`, `L${first + 1}`, 3_000_000),
      loan(`2026-${month}-30T09:00:00Z`, `L${first + 2}`, 2_500_000),
    ];
    const stall = givenHistory(
      ...monthEnd('08', 1),
      ...monthEnd('09', 4),
      ...monthEnd('10', 7),
      loan('2026-11-28T09:00:00Z', 'L10', 2_500_000),
      loan('2026-11-29T09:00:00Z', 'L11', 2_000_000),
    );
    expect(whenRuleSees(rule, stall, loan('2026-11-30T09:00:00Z', 'L12', 3_000_000))).toBeNull();
  });

  it('given no habit to judge by, then it does not fire', () => {
    const young = givenHistory(loan('2026-11-10T09:00:00Z', 'L1', 400_000), loan('2026-11-14T09:00:00Z', 'L2', 400_000));
    expect(whenRuleSees(rule, young, loan('2026-11-18T09:00:00Z', 'L3', 900_000))).toBeNull();
  });
});

describe('loan.dormant-account', () => {
  const rule = loanDormantAccountRule;

  it('fires for a loan after months of silence', () => {
    const finding = whenRuleSees(rule, givenHistory(login('phone-1', '2026-05-01T00:00:00Z')), loan('2026-11-20T10:00:00Z'));
    expect(finding?.evidence).toMatchObject({ idleDays: 203, dormantDays: 90 });
  });

  it('given months of silence, when an intruder logs in minutes before the loan, then the silence before that login still counts', () => {
    const state = givenHistory(login('phone-1', '2026-05-01T00:00:00Z'), login('laptop-x', '2026-11-20T09:50:00Z'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'))?.evidence).toMatchObject({
      idleDays: 203,
      lastActivityAt: expect.stringMatching(/^2026-05-01T00:00:00/) as unknown,
    });
  });

  it('given a borrower back for days already, when they take a loan, then it does not fire', () => {
    const state = givenHistory(login('phone-1', '2026-05-01T00:00:00Z'), login('phone-1', '2026-11-15T09:50:00Z'), login('phone-1', '2026-11-18T09:50:00Z'));
    expect(whenRuleSees(rule, state, loan('2026-11-20T10:00:00Z'))).toBeNull();
  });

  it('does not fire for an active account, or a brand-new one', () => {
    expect(whenRuleSees(rule, givenHistory(login('phone-1', '2026-11-10T00:00:00Z')), loan('2026-11-20T10:00:00Z'))).toBeNull();
    expect(whenRuleSees(rule, givenHistory(), loan('2026-11-20T10:00:00Z'))).toBeNull();
  });
});

describe('loan.expired-document', () => {
  const rule = loanExpiredDocumentRule;
  const doc = (expiresOn: string) => anEvent('identity.document.updated', { occurredAt: '2026-01-01T00:00:00Z', payload: { documentType: 'resident_id', expiresOn } });

  it('fires for a loan after the ID document expired', () => {
    expect(whenRuleSees(rule, givenHistory(doc('2026-11-19')), loan('2026-11-20T10:00:00Z'))?.evidence).toMatchObject({ expiresOn: '2026-11-19' });
  });

  it('does not fire on the last valid day, or with a valid document', () => {
    expect(whenRuleSees(rule, givenHistory(doc('2026-11-20')), loan('2026-11-20T10:00:00Z'))).toBeNull();
    expect(whenRuleSees(rule, givenHistory(doc('2036-01-01')), loan('2026-11-20T10:00:00Z'))).toBeNull();
  });
});

describe('notice.card-invalidated', () => {
  it('prompts the borrower to update or rebind, in both languages', () => {
    const finding = whenRuleSees(cardInvalidatedNoticeRule, givenHistory(), anEvent('card.invalidated'));
    expect(finding?.explanation.en).toBe('Card **** 1234 can no longer be used because the bank cancelled it; update or rebind a card to keep repayments working.');
    expect(finding?.explanation['zh-CN']).toContain('银行已注销该卡');
  });

  it('says nothing about other card events', () => {
    expect(whenRuleSees(cardInvalidatedNoticeRule, givenHistory(), anEvent('card.unbound'))).toBeNull();
  });
});
