import type { AccountEvent } from '@sentinel/contracts';
import { anEvent } from '@sentinel/testing';
import { type AccountState, emptyAccountState, fold, stateAround } from './account-state';
import { fixedClock } from './clock';
import { deferredWindow } from './evaluate-event';
import { defaultRuleSet } from './rule-set';
import { judgeLater, judgeNow } from './verdict';

/**
 * The detector's way to a verdict, without its storage: each event judged on arrival against the
 * state before it, then, for deferred rules, on the events recorded around its own time. Returns
 * per event the rules that fired and the decision, as cases and messages would carry them.
 */
function verdicts(events: AccountEvent[]): Map<string, { rules: string[]; decision: string | null }> {
  const ruleSet = defaultRuleSet();
  const clock = fixedClock('2026-11-29T00:00:00Z');
  const { beforeMs, afterMs } = deferredWindow(ruleSet);
  const state: AccountState = emptyAccountState(events[0].accountId);
  const out = new Map<string, { rules: string[]; decision: string | null }>();
  const pending: [AccountEvent, NonNullable<ReturnType<typeof judgeNow>['pending']>][] = [];
  for (const event of events) {
    const { now, pending: later } = judgeNow(ruleSet, state, event, clock);
    if (now.hits.length) out.set(event.id, { rules: now.hits.map((h) => h.ruleId), decision: now.decision });
    if (later) pending.push([event, later]);
    fold(state, event);
  }
  for (const [event, later] of pending) {
    const at = Date.parse(event.occurredAt);
    const around = events.filter((e) => Date.parse(e.occurredAt) >= at - beforeMs && Date.parse(e.occurredAt) <= at + afterMs);
    const { evaluation, changed } = judgeLater(ruleSet, stateAround(event.accountId, around), event, clock, later);
    if (changed) out.set(event.id, { rules: evaluation.hits.map((h) => h.ruleId), decision: evaluation.decision });
  }
  return out;
}

const phone = { id: 'phone-1', ip: '198.51.100.7' };
const at = (day: number, time = '10:00:00') => `2026-11-${String(day).padStart(2, '0')}T${time}.000Z`;
/** A borrower with their phone for weeks, a card, and a loan in repayment. */
const settled = (): AccountEvent[] => [
  anEvent('device.login', { device: phone, occurredAt: at(1) }),
  anEvent('device.login', { device: { id: 'tablet-1', ip: '198.51.100.7' }, occurredAt: at(2) }),
  anEvent('card.bound', { device: phone, occurredAt: at(2, '10:05:00'), payload: { card: { ref: 'card-1', last4: '1234', issuer: 'ICBC', holderName: 'Li Wei' } } }),
  anEvent('consent.verified', { device: phone, occurredAt: at(3, '09:59:00'), payload: { method: 'otp', purpose: 'loan', subjectId: 'loan-1' } }),
  anEvent('loan.opened', { device: phone, occurredAt: at(3), payload: { loanId: 'loan-1', amountMinor: 500_000, currency: 'CNY', termMonths: 12 } }),
];

describe('verdicts on what borrowers ordinarily do', () => {
  it("given a borrower's own card change (OTP, unbind from the usual phone, new card in their name at another bank), then nothing fires", () => {
    const events = [
      ...settled(),
      anEvent('consent.verified', { device: phone, occurredAt: at(20, '09:58:00'), payload: { method: 'otp', purpose: 'card.unbind', subjectId: 'card-1' } }),
      anEvent('card.unbound', { device: phone, occurredAt: at(20), payload: { card: { ref: 'card-1', last4: '1234', issuer: 'ICBC', holderName: 'Li Wei' } } }),
      anEvent('card.bound', { device: phone, occurredAt: at(20, '10:03:00'), payload: { card: { ref: 'card-2', last4: '9876', issuer: 'CMB', holderName: 'Li Wei' } } }),
    ];
    expect(verdicts(events)).toEqual(new Map());
  });

  it('given a support agent unbinding with the borrower’s OTP consent from their console, then nothing fires and the console is not learned', () => {
    const agent = { channel: 'support' as const, actor: { kind: 'agent' as const, id: 'agent-7' }, device: { id: 'console-42', ip: '10.1.2.3' } };
    const events = [
      ...settled(),
      anEvent('consent.verified', { device: phone, occurredAt: at(20, '09:58:00'), payload: { method: 'otp', purpose: 'card.unbind', subjectId: 'card-1' } }),
      anEvent('card.unbound', { ...agent, occurredAt: at(20), payload: { card: { ref: 'card-1', last4: '1234' } } }),
    ];
    expect(verdicts(events)).toEqual(new Map());
    const state = events.reduce((s, e) => (fold(s, e), s), emptyAccountState('acc-1'));
    expect(Object.keys(state.devices).sort()).toEqual(['phone-1', 'tablet-1']);
  });

  it('given a new phone that has logged in over two days, when the borrower unbinds with consent from it, then nothing fires', () => {
    const newPhone = { id: 'phone-2', ip: '198.51.100.9' };
    const events = [
      ...settled(),
      anEvent('device.login', { device: newPhone, occurredAt: at(18, '20:00:00') }),
      anEvent('device.login', { device: newPhone, occurredAt: at(19, '21:00:00') }),
      anEvent('consent.verified', { device: newPhone, occurredAt: at(20, '21:58:00'), payload: { method: 'otp', purpose: 'card.unbind', subjectId: 'card-1' } }),
      anEvent('card.unbound', { device: newPhone, occurredAt: at(20, '22:00:00'), payload: { card: { ref: 'card-1', last4: '1234' } } }),
    ];
    expect(verdicts(events)).toEqual(new Map());
  });

  it('given a consent delivered seconds after its loan, then the loan is not flagged', () => {
    const events = [
      ...settled(),
      anEvent('loan.opened', { device: phone, occurredAt: at(21), payload: { loanId: 'loan-2', amountMinor: 300_000, currency: 'CNY' } }),
      anEvent('consent.verified', { device: phone, occurredAt: at(21, '10:00:20'), payload: { method: 'otp', purpose: 'loan', subjectId: 'loan-2' } }),
    ];
    expect(verdicts(events)).toEqual(new Map());
  });

  it('given a consented loan judged after the account moved on for months (a backfill), then the consent still counts', () => {
    const later = Array.from({ length: 250 }, (_, i) =>
      anEvent('device.login', { device: phone, occurredAt: new Date(Date.parse(at(4)) + (i + 1) * 3_600_000 * 8).toISOString() }),
    );
    expect(verdicts([...settled(), ...later])).toEqual(new Map());
  });
});

describe('verdicts on attacks', () => {
  it('given four loans within hours, each with a passed OTP (a SIM swap), then the fourth reaches a case on its own', () => {
    const burst = ['01', '02', '03', '04'].flatMap((hour, i) => [
      anEvent('consent.verified', { device: phone, occurredAt: at(20, `${hour}:00:00`), payload: { method: 'otp', purpose: 'loan', subjectId: `b-${i}` } }),
      anEvent('loan.opened', { device: phone, occurredAt: at(20, `${hour}:00:30`), payload: { loanId: `b-${i}`, amountMinor: 800_000, currency: 'CNY' } }),
    ]);
    const found = verdicts([...settled(), ...burst]);
    // Velocity is a doubt about what is done: the settled phone it came from does not lower it.
    expect(found.get(burst[7].id)).toEqual({ rules: ['loan.velocity', 'benign.settled-device'], decision: 'alert' });
  });

  it('given an unbind from an unknown laptop that also leaves no card while in repayment, then context adds to the evidence', () => {
    const unbind = anEvent('card.unbound', { device: { id: 'laptop-x' }, occurredAt: at(20), payload: { card: { ref: 'card-1', last4: '1234' } } });
    expect(verdicts([...settled(), unbind]).get(unbind.id)).toEqual({ rules: ['unbind.unknown-device', 'unbind.only-card-in-repayment'], decision: 'alert' });
  });

  it('given a loan whose immediate finding is below a case and a deferred one completes it, then one verdict carries every hit', () => {
    const partnerLoan = anEvent('loan.opened', {
      channel: 'partner:m-9',
      actor: { kind: 'partner', id: 'm-9' },
      device: { id: 'pos-77', ip: '203.0.113.5' },
      occurredAt: at(20),
      payload: { loanId: 'loan-9', amountMinor: 900_000, currency: 'CNY', merchantId: 'm-9' },
    });
    expect(verdicts([...settled(), partnerLoan]).get(partnerLoan.id)).toEqual({ rules: ['loan.partner-unknown-device', 'loan.without-consent'], decision: 'urgent' });
  });

  it('given a new card in another holder’s name right after an unbind, then the swap is evidence', () => {
    const events = [
      ...settled(),
      anEvent('card.unbound', { device: phone, occurredAt: at(20), payload: { card: { ref: 'card-1', last4: '1234', holderName: 'Li Wei' } } }),
      anEvent('card.bound', { device: phone, occurredAt: at(20, '11:00:00'), payload: { card: { ref: 'card-9', last4: '5555', holderName: 'Zhang San' } } }),
    ];
    // Money to another holder's card: no sign that the borrower acts (her settled phone) answers that.
    expect(verdicts(events).get(events[events.length - 1].id)).toEqual({ rules: ['benign.settled-device', 'card.swap'], decision: 'urgent' });
  });
});
