import { anEvent, givenHistory, whenRuleSees } from '@sentinel/testing';
import { evolve } from '../account-state';
import { cardSwapRule } from './card-swap.rule';
import { unbindAfterTakeoverSignalRule } from './unbind-after-takeover-signal.rule';
import { unbindOnlyCardInRepaymentRule } from './unbind-only-card-in-repayment.rule';
import { unbindRepeatedRule } from './unbind-repeated.rule';
import { unbindUnknownDeviceRule } from './unbind-unknown-device.rule';
import { unbindUnknownIpRule } from './unbind-unknown-ip.rule';
import { unbindWithoutConsentRule } from './unbind-without-consent.rule';

const login = (device: string, at: string, ip = '198.51.100.7') => anEvent('device.login', { device: { id: device, ip }, occurredAt: at });
const unbind = (device: string, at: string, ip = '203.0.113.9', ref = 'card-1') =>
  anEvent('card.unbound', { device: { id: device, ip }, occurredAt: at, payload: { card: { ref, first6: '622202', last4: '1234' } } });
const bind = (at: string, card: { ref: string; last4: string; issuer?: string; holderName?: string }, device = 'phone-1') =>
  anEvent('card.bound', { device: { id: device }, occurredAt: at, payload: { card } });

describe('unbind.unknown-device', () => {
  const rule = unbindUnknownDeviceRule;

  it('fires when the card is unbound from a device the account has never used', () => {
    const state = givenHistory(login('phone-1', '2026-10-01T08:00:00Z'), login('phone-1', '2026-11-19T08:00:00Z'));
    const finding = whenRuleSees(rule, state, unbind('laptop-x', '2026-11-20T10:00:00Z'));
    expect(finding?.evidence).toMatchObject({ deviceId: 'laptop-x', ip: '203.0.113.9', card: '622202******1234', familiarity: 'unknown' });
    expect(finding?.explanation.en).toContain('never seen on this account');
    expect(finding?.explanation['zh-CN']).toContain('从未在此账户出现过');
  });

  it('fires when the device first appeared minutes before (an attacker logs in, then unbinds)', () => {
    const state = givenHistory(login('phone-1', '2026-10-01T08:00:00Z'), login('laptop-x', '2026-11-20T09:58:00Z'));
    expect(whenRuleSees(rule, state, unbind('laptop-x', '2026-11-20T10:00:00Z'))?.evidence.familiarity).toBe('new');
  });

  it('fires when the device was last used longer ago than the lookback window', () => {
    const state = givenHistory(login('old-phone', '2026-01-01T08:00:00Z'), login('phone-1', '2026-11-01T08:00:00Z'));
    expect(whenRuleSees(rule, state, unbind('old-phone', '2026-11-20T10:00:00Z'))?.evidence.familiarity).toBe('stale');
  });

  it('does not fire for a new phone the borrower has used for a week', () => {
    const state = givenHistory(login('old-phone', '2026-09-01T08:00:00Z'), login('new-phone', '2026-11-13T08:00:00Z'), login('new-phone', '2026-11-19T21:00:00Z'));
    expect(whenRuleSees(rule, state, unbind('new-phone', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it("learns an account's first device silently", () => {
    expect(whenRuleSees(rule, givenHistory(), unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
    expect(whenRuleSees(rule, givenHistory(login('phone-1', '2026-11-20T09:59:00Z')), unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it('honours configured thresholds', () => {
    const state = givenHistory(login('phone-1', '2026-10-01T08:00:00Z'), login('tablet', '2026-11-19T10:00:00Z'));
    const event = unbind('tablet', '2026-11-20T10:00:00Z');
    expect(whenRuleSees(rule, state, event, { establishedAfterHours: 12 })).toBeNull();
    expect(whenRuleSees(rule, state, event, { establishedAfterHours: 48 })).not.toBeNull();
  });
});

describe('unbind.unknown-ip', () => {
  const rule = unbindUnknownIpRule;
  const history = givenHistory(login('phone-1', '2026-10-01T08:00:00Z', '198.51.100.7'), login('phone-1', '2026-11-19T08:00:00Z', '198.51.100.7'));

  it('fires when the usual device unbinds from an IP never seen on the account', () => {
    const finding = whenRuleSees(rule, history, unbind('phone-1', '2026-11-20T10:00:00Z', '203.0.113.50'));
    expect(finding?.evidence).toMatchObject({ ip: '203.0.113.50', deviceId: 'phone-1', familiarity: 'unknown' });
  });

  it('does not fire for the usual IP, nor when the device itself is unknown (the device rule covers that)', () => {
    expect(whenRuleSees(rule, history, unbind('phone-1', '2026-11-20T10:00:00Z', '198.51.100.7'))).toBeNull();
    expect(whenRuleSees(rule, history, unbind('laptop-x', '2026-11-20T10:00:00Z', '203.0.113.50'))).toBeNull();
  });
});

describe('unbind.after-takeover-signal', () => {
  const rule = unbindAfterTakeoverSignalRule;
  const base = [login('phone-1', '2026-09-01T08:00:00Z'), anEvent('contact.changed', { occurredAt: '2026-09-01T08:01:00Z', payload: { kind: 'phone', value: '+8613800138000' } })];

  it('fires on an unbind hours after the phone number was changed', () => {
    const state = givenHistory(...base, anEvent('contact.changed', { occurredAt: '2026-11-20T07:00:00Z', payload: { kind: 'phone', value: '+8613900000000' } }));
    const finding = whenRuleSees(rule, state, unbind('phone-1', '2026-11-20T10:00:00Z'));
    expect(finding?.evidence).toMatchObject({ signal: 'contact.changed', hoursBefore: 3, windowHours: 24 });
  });

  it('fires after a password reset, and after a login from a new device other than the one unbinding', () => {
    const reset = givenHistory(...base, anEvent('password.reset', { occurredAt: '2026-11-20T09:00:00Z' }));
    expect(whenRuleSees(rule, reset, unbind('phone-1', '2026-11-20T10:00:00Z'))?.evidence.signal).toBe('password.reset');
    const newDevice = givenHistory(...base, login('laptop-x', '2026-11-20T09:30:00Z'));
    expect(whenRuleSees(rule, newDevice, unbind('phone-1', '2026-11-20T10:00:00Z'))?.evidence).toMatchObject({ signal: 'device.login', signalDeviceId: 'laptop-x' });
  });

  it('given a new phone logged in that morning, when the platform unbinds the card its bank expired, then it does not fire', () => {
    const newDevice = givenHistory(...base, login('phone-2', '2026-11-20T09:30:00Z'));
    const expired = anEvent('card.unbound', {
      channel: 'system',
      actor: { kind: 'system' },
      occurredAt: '2026-11-20T10:00:00Z',
      payload: { card: { ref: 'card-1', last4: '1001' }, reason: 'card expired' },
    });
    expect(whenRuleSees(rule, newDevice, expired)).toBeNull();
  });

  it('does not count the unbinding device’s own first login twice: unbind.unknown-device weighs that device', () => {
    const newDevice = givenHistory(...base, login('laptop-x', '2026-11-20T09:30:00Z'));
    expect(whenRuleSees(rule, newDevice, unbind('laptop-x', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it('does not fire when the signal is older than the window, or the login was from the usual phone', () => {
    const old = givenHistory(...base, anEvent('password.reset', { occurredAt: '2026-11-18T09:00:00Z' }));
    expect(whenRuleSees(rule, old, unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
    const usual = givenHistory(...base, login('phone-1', '2026-11-20T09:30:00Z'));
    expect(whenRuleSees(rule, usual, unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it("does not count a brand-new account's first login, or its first phone number, as a takeover signal", () => {
    const state = givenHistory(
      login('phone-1', '2026-11-20T09:00:00Z'),
      anEvent('contact.changed', { occurredAt: '2026-11-20T09:01:00Z', payload: { kind: 'phone', value: '+8613800138000' } }),
    );
    expect(whenRuleSees(rule, state, unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });
});

describe('card.swap', () => {
  const rule = cardSwapRule;
  const old = { ref: 'card-1', first6: '622202', last4: '1234', issuer: 'ICBC', holderName: '李伟' };

  it('fires when a different card is bound hours after an unbind, higher when the holder differs', () => {
    const state = givenHistory(bind('2026-10-01T08:00:00Z', old), unbind('phone-1', '2026-11-20T08:00:00Z'));
    const same = whenRuleSees(rule, state, bind('2026-11-20T10:00:00Z', { ref: 'card-2', last4: '9999', issuer: 'ICBC', holderName: '李伟' }));
    expect(same).toMatchObject({ scoreAdjust: 0, evidence: { oldCard: '622202******1234', newCard: '**** 9999', hoursBetween: 2, holderDiffers: false } });
    const other = whenRuleSees(rule, state, bind('2026-11-20T10:00:00Z', { ref: 'card-2', last4: '9999', issuer: 'CMB', holderName: '王强' }));
    expect(other).toMatchObject({ scoreAdjust: 30, evidence: { holderDiffers: true, issuerDiffers: true } });
    expect(JSON.stringify(other)).not.toContain('王强');
  });

  it('pairs an unbind that arrives after the bind it preceded (deferred, event-time order)', () => {
    const bindLater = bind('2026-11-20T10:00:00Z', { ref: 'card-2', last4: '9999' });
    const arrivedLate = evolve(givenHistory(bind('2026-10-01T08:00:00Z', old), bindLater), unbind('phone-1', '2026-11-20T09:00:00Z'));
    expect(rule.evaluate(arrivedLate, bindLater, { now: () => new Date() }, rule.defaults.params as never)).not.toBeNull();
  });

  it('does not fire when the borrower re-binds the same card, or binds a new one days later', () => {
    const state = givenHistory(bind('2026-10-01T08:00:00Z', old), unbind('phone-1', '2026-11-17T08:00:00Z'));
    expect(whenRuleSees(rule, state, bind('2026-11-17T09:00:00Z', old))).toBeNull();
    expect(whenRuleSees(rule, state, bind('2026-11-20T10:00:00Z', { ref: 'card-2', last4: '9999' }))).toBeNull();
  });
});

describe('unbind.non-user-without-consent', () => {
  const rule = unbindWithoutConsentRule;
  const partnerUnbind = anEvent('card.unbound', { channel: 'partner:m-42', actor: { kind: 'partner', id: 'm-42' }, occurredAt: '2026-11-20T10:00:00Z' });

  it('fires when a partner unbinds a card with no consent from the borrower', () => {
    const finding = whenRuleSees(rule, givenHistory(login('phone-1', '2026-11-01T00:00:00Z')), partnerUnbind);
    expect(finding?.evidence).toMatchObject({ partner: 'm-42', channel: 'partner:m-42' });
    expect(finding?.explanation.en).toContain('by partner m-42');
  });

  it('does not fire when the borrower verified consent for the unbind first, even if it arrives late', () => {
    const consent = anEvent('consent.verified', { occurredAt: '2026-11-20T09:58:00Z', payload: { method: 'otp', purpose: 'card.unbind', subjectId: 'card-1' } });
    const arrivedLate = evolve(evolve(givenHistory(), partnerUnbind), consent);
    expect(rule.evaluate(arrivedLate, partnerUnbind, { now: () => new Date() }, rule.defaults.params as never)).toBeNull();
  });

  it('does not judge unbinds the borrower made in the app', () => {
    expect(whenRuleSees(rule, givenHistory(), unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });
});

describe('unbind.repeated', () => {
  const rule = unbindRepeatedRule;

  it('fires on the third unbind within 24 h', () => {
    const state = givenHistory(unbind('phone-1', '2026-11-20T01:00:00Z', '1.1.1.1', 'a'), unbind('phone-1', '2026-11-20T05:00:00Z', '1.1.1.1', 'b'));
    expect(whenRuleSees(rule, state, unbind('phone-1', '2026-11-20T10:00:00Z', '1.1.1.1', 'c'))?.evidence).toMatchObject({ unbinds: 3, minUnbinds: 3 });
  });

  it('does not fire on two unbinds, or three spread over days', () => {
    expect(whenRuleSees(rule, givenHistory(unbind('phone-1', '2026-11-20T01:00:00Z')), unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
    const spread = givenHistory(unbind('phone-1', '2026-11-17T01:00:00Z', '1.1.1.1', 'a'), unbind('phone-1', '2026-11-18T05:00:00Z', '1.1.1.1', 'b'));
    expect(whenRuleSees(rule, spread, unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });
});

describe('unbind.only-card-in-repayment', () => {
  const rule = unbindOnlyCardInRepaymentRule;
  const loan = anEvent('loan.opened', { occurredAt: '2026-09-01T00:00:00Z', payload: { loanId: 'L1', amountMinor: 500_000, currency: 'CNY', termMonths: 12 } });

  it('fires when the only card is unbound during a loan term', () => {
    const state = givenHistory(bind('2026-08-01T00:00:00Z', { ref: 'card-1', last4: '1234' }), loan);
    expect(whenRuleSees(rule, state, unbind('phone-1', '2026-11-20T10:00:00Z'))?.evidence).toMatchObject({ loanId: 'L1', loansInRepayment: 1 });
  });

  it('does not fire when another card remains bound, or the loan term is over', () => {
    const twoCards = givenHistory(bind('2026-08-01T00:00:00Z', { ref: 'card-1', last4: '1234' }), bind('2026-08-02T00:00:00Z', { ref: 'card-2', last4: '5678' }), loan);
    expect(whenRuleSees(rule, twoCards, unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
    const repaid = givenHistory(bind('2026-08-01T00:00:00Z', { ref: 'card-1', last4: '1234' }), loan);
    expect(whenRuleSees(rule, repaid, unbind('phone-1', '2027-11-20T10:00:00Z'))).toBeNull();
  });
});
