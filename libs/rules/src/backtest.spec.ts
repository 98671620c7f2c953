import { anEvent } from '@sentinel/testing';
import { Backtest } from './backtest';
import { fixedClock } from './clock';
import { applyRuleSetChange } from './rule-set-change';
import { defaultRuleSet } from './rule-set';

const clock = fixedClock('2026-11-20T12:00:00Z');

describe('Backtest', () => {
  const history = [
    anEvent('device.login', { accountId: 'a1', occurredAt: '2026-10-01T00:00:00Z' }),
    anEvent('card.unbound', { id: 'unbind-1', accountId: 'a1', device: { id: 'laptop-x' }, occurredAt: '2026-11-20T09:00:00Z' }),
    anEvent('consent.verified', { accountId: 'a2', occurredAt: '2026-11-20T09:59:00Z', payload: { method: 'otp', purpose: 'loan', subjectId: 'L1' } }),
    anEvent('loan.opened', { id: 'loan-1', accountId: 'a2', occurredAt: '2026-11-20T10:00:00Z', payload: { loanId: 'L1', amountMinor: 100, currency: 'CNY' } }),
    anEvent('loan.opened', { id: 'loan-2', accountId: 'a3', occurredAt: '2026-11-20T11:00:00Z', payload: { loanId: 'L2', amountMinor: 100, currency: 'CNY' } }),
  ];

  it('reports the hits a candidate rule set adds and removes, per rule', () => {
    const baseline = defaultRuleSet(1);
    const change = applyRuleSetChange(baseline, {
      rules: { 'unbind.unknown-device': { enabled: false }, 'loan.velocity': { params: { maxLoans: 1 } } },
    });
    if (!change.ok) throw new Error(change.error.join('; '));
    const backtest = new Backtest(baseline, change.value, clock);
    history.forEach((event) => backtest.feed(event));
    const report = backtest.finish();

    expect(report).toMatchObject({ events: 5, accounts: 3, baselineVersion: 1, candidateVersion: 2 });
    const byRule = Object.fromEntries(report.rules.map((r) => [r.ruleId, r]));
    expect(byRule['unbind.unknown-device']).toMatchObject({ baseline: 1, candidate: 0, removed: { count: 1, sample: ['unbind-1'] } });
    expect(byRule['loan.velocity']).toMatchObject({ baseline: 0, candidate: 2, added: { count: 2, sample: ['loan-1', 'loan-2'] } });
    // Deferred rules are judged too: the loan without consent is flagged by both versions alike.
    expect(byRule['loan.without-consent']).toMatchObject({ baseline: 1, candidate: 1, added: { count: 0 }, removed: { count: 0 } });
  });

  it('reports no difference between a rule set and itself', () => {
    const backtest = new Backtest(defaultRuleSet(1), defaultRuleSet(1), clock);
    history.forEach((event) => backtest.feed(event));
    expect(backtest.finish().rules.every((r) => r.added.count === 0 && r.removed.count === 0)).toBe(true);
  });

  it('reports per account whether each version opens a case, with the rules on it and the fraud messages', () => {
    const baseline = defaultRuleSet(1);
    const change = applyRuleSetChange(baseline, { rules: { 'unbind.unknown-device': { enabled: false } } });
    if (!change.ok) throw new Error(change.error.join('; '));
    const backtest = new Backtest(baseline, change.value, clock);
    history.forEach((event) => backtest.feed(event));
    const { verdicts } = backtest.finish();

    // a1's unbind from an unknown device opens a step-up at v1 only; a3's loan without consent opens a
    // case in both, urgent: no "was me" clears a loan nobody consented to. Each borrower was asked,
    // a1 by a step-up's message (one trusted contact), a3 by an urgent case's (every channel).
    const a3 = {
      case: true,
      ruleIds: ['loan.without-consent'],
      fraudMessages: 1,
      headsUps: 0,
      stepUpMessages: 0,
      urgent: true,
      asked: true,
      firstFlaggedAt: '2026-11-20T11:00:00.000Z',
      // What an answer to the case names: the borrower-side devices its flagged events came from.
      caseDevices: [{ deviceId: 'phone-1', at: '2026-11-20T11:00:00.000Z' }],
    };
    expect(verdicts.baseline).toEqual({
      a1: {
        case: true,
        ruleIds: ['unbind.unknown-device'],
        fraudMessages: 1,
        headsUps: 0,
        stepUpMessages: 1,
        urgent: false,
        asked: true,
        firstFlaggedAt: '2026-11-20T09:00:00.000Z',
        caseDevices: [{ deviceId: 'laptop-x', at: '2026-11-20T09:00:00.000Z' }],
      },
      a3,
    });
    expect(verdicts.candidate).toEqual({ a3 });
  });

  it('reports the merchant and ring roll-ups each version would raise over old history, by event time', () => {
    const month = (m: number, day: number) => new Date(Date.UTC(2026, m, day, 10)).toISOString();
    // Two merchants each took loans without consent on six accounts in spring; one card was bound to three accounts.
    const loans = ['m-a', 'm-b'].flatMap((merchantId, m) =>
      Array.from({ length: 6 }, (_, i) =>
        anEvent('loan.opened', {
          accountId: `${merchantId}-v${i}`,
          occurredAt: month(3 + m, 1 + i * 2),
          payload: { loanId: `L-${merchantId}-${i}`, amountMinor: 100, currency: 'CNY', merchantId },
        }),
      ),
    );
    const binds = ['c1', 'c2', 'c3'].map((accountId, i) =>
      anEvent('card.bound', { accountId, occurredAt: month(5, 1 + i), payload: { card: { ref: 'r', fingerprint: 'fp-shared', last4: '1234' } } }),
    );
    const off = applyRuleSetChange(defaultRuleSet(1), { rules: { 'ring.shared-card': { enabled: false } } });
    if (!off.ok) throw new Error(off.error.join('; '));
    const backtest = new Backtest(defaultRuleSet(1), off.value, clock);
    [...loans, ...binds].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1)).forEach((event) => backtest.feed(event));
    const { rollups } = backtest.finish();

    expect(rollups.baseline.merchants).toEqual([
      { merchantId: 'm-a', accounts: ['m-a-v0', 'm-a-v1', 'm-a-v2', 'm-a-v3', 'm-a-v4', 'm-a-v5'] },
      { merchantId: 'm-b', accounts: ['m-b-v0', 'm-b-v1', 'm-b-v2', 'm-b-v3', 'm-b-v4', 'm-b-v5'] },
    ]);
    expect(rollups.baseline.rings).toEqual([
      { ruleId: 'ring.shared-card', accountId: 'c1', entity: 'card fp-shared', linked: ['c2', 'c3'] },
      { ruleId: 'ring.shared-card', accountId: 'c2', entity: 'card fp-shared', linked: ['c1', 'c3'] },
      { ruleId: 'ring.shared-card', accountId: 'c3', entity: 'card fp-shared', linked: ['c1', 'c2'] },
    ]);
    expect(rollups.candidate).toEqual({ merchants: rollups.baseline.merchants, rings: [] });
  });

  it("finishes in turns with the same report as in one go, giving the event loop a turn before each version's roll-ups", async () => {
    const candidate = applyRuleSetChange(defaultRuleSet(1), { rules: { 'loan.velocity': { params: { maxLoans: 1 } } } });
    if (!candidate.ok) throw new Error(candidate.error.join('; '));
    const [inOneGo, inTurns] = [new Backtest(defaultRuleSet(1), candidate.value, clock), new Backtest(defaultRuleSet(1), candidate.value, clock)];
    history.forEach((event) => [inOneGo, inTurns].forEach((b) => b.feed(event)));
    let turns = 0;
    const report = await inTurns.finishInTurns(() => Promise.resolve(void turns++));
    expect(report).toEqual(inOneGo.finish());
    expect(turns).toBe(2);
  });
});
