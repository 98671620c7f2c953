import { anEvent, givenHistory } from '@sentinel/testing';
import { type AccountState, contactStanding, deviceStanding, draft, emptyAccountState, evolve, fold, STATE_LIMITS, upgradeState } from './account-state';
import { fixedClock } from './clock';
import { decide, evaluateEvent, needsDeferredEvaluation } from './evaluate-event';
import { defaultRuleSet } from './rule-set';

const clock = fixedClock('2026-11-20T12:00:00Z');
const known = givenHistory(anEvent('device.login', { device: { id: 'phone-1' }, occurredAt: '2026-10-01T00:00:00Z' }));
const suspicious = anEvent('card.unbound', { device: { id: 'laptop-x' }, occurredAt: '2026-11-20T10:00:00Z' });

describe('evaluateEvent', () => {
  it('maps the combined score to a decision band', () => {
    const bands = defaultRuleSet().decisions;
    expect(decide(0, bands)).toBeNull();
    expect(decide(10, bands)).toBe('notice');
    expect(decide(70, bands)).toBe('alert');
    expect(decide(95, bands)).toBe('urgent');
  });

  it('adds up the hits on one event: a password reset then an unbind from an unknown laptop is urgent', () => {
    const state = evolve(known, anEvent('password.reset', { device: { id: 'phone-1' }, occurredAt: '2026-11-20T09:55:00Z' }));
    const result = evaluateEvent(defaultRuleSet(), state, suspicious, clock, 'immediate');
    expect(result.hits.map((h) => h.ruleId).sort()).toEqual(['unbind.after-takeover-signal', 'unbind.unknown-device']);
    expect(result).toMatchObject({ score: 84, decision: 'urgent' });
  });

  it('adds deferred findings to what the immediate phase found: one verdict with every hit', () => {
    const loan = anEvent('loan.opened', { occurredAt: '2026-11-20T10:00:00Z' });
    const prior = [{ ruleId: 'loan.partner-unknown-device', severity: 'high' as const, score: 50, evidence: {}, explanation: { en: '', 'zh-CN': '' } }];
    const result = evaluateEvent(defaultRuleSet(), evolve(known, loan), loan, clock, 'deferred', { prior });
    expect(result.hits.map((h) => [h.ruleId, h.score])).toEqual([
      ['loan.partner-unknown-device', 50],
      ['loan.without-consent', 60],
    ]);
    // 78 is a step-up's score, but a loan without consent is evidence no "was me" clears.
    expect(result).toMatchObject({ score: 78, decision: 'urgent' });
  });

  it('given a step-up score, when its evidence includes what no answer clears, then it is a case; otherwise it stays a step-up', () => {
    const loan = anEvent('loan.opened', { occurredAt: '2026-11-20T10:00:00Z' });
    const hit = (ruleId: string, score: number) => ({ ruleId, severity: 'high' as const, score, evidence: {}, explanation: { en: '', 'zh-CN': '' } });
    const ruleSet = defaultRuleSet();
    ruleSet.rules['loan.without-consent'] = { ...ruleSet.rules['loan.without-consent'], enabled: false };
    const doubt = evaluateEvent(ruleSet, evolve(known, loan), loan, clock, 'deferred', { prior: [hit('loan.new-device', 60)] });
    expect(doubt.decision).toBe('alert');
    const payout = evaluateEvent(ruleSet, evolve(known, loan), loan, clock, 'deferred', { prior: [hit('loan.to-new-holder-card', 60)] });
    expect(payout.score).toBeLessThan(ruleSet.decisions.urgent);
    expect(payout.decision).toBe('urgent');
  });

  it('uses the configured severity and score, and skips disabled rules', () => {
    const ruleSet = defaultRuleSet();
    ruleSet.rules['unbind.unknown-device'] = { ...ruleSet.rules['unbind.unknown-device'], score: 95, severity: 'critical' };
    expect(evaluateEvent(ruleSet, known, suspicious, clock, 'immediate')).toMatchObject({ score: 73, hits: [{ severity: 'critical', score: 95 }] });
    ruleSet.rules['unbind.unknown-device'].enabled = false;
    expect(evaluateEvent(ruleSet, known, suspicious, clock, 'immediate')).toEqual({ hits: [], considered: [], notices: [], score: 0, decision: null });
  });

  it('keeps a snoozed rule quiet for that account while the others still fire', () => {
    const state = evolve(known, anEvent('password.reset', { device: { id: 'phone-1' }, occurredAt: '2026-11-20T09:55:00Z' }));
    const result = evaluateEvent(defaultRuleSet(), state, suspicious, clock, 'immediate', { snoozed: new Set(['unbind.unknown-device']) });
    expect(result.hits.map((h) => h.ruleId)).toEqual(['unbind.after-takeover-signal']);
    expect(result.score).toBeLessThan(100);
  });

  it('keeps notices apart from the fraud score', () => {
    const invalidated = anEvent('card.invalidated');
    const result = evaluateEvent(defaultRuleSet(), known, invalidated, clock, 'immediate');
    expect(result).toMatchObject({ hits: [], score: 0, decision: null, notices: [{ ruleId: 'notice.card-invalidated' }] });
  });

  it('knows which events wait for the lateness window', () => {
    expect(needsDeferredEvaluation(defaultRuleSet(), anEvent('loan.opened'))).toBe(true);
    expect(needsDeferredEvaluation(defaultRuleSet(), anEvent('device.login'))).toBe(false);
    const off = defaultRuleSet();
    off.rules['loan.without-consent'].enabled = false;
    off.rules['loan.amount-anomaly'].enabled = false;
    expect(needsDeferredEvaluation(off, anEvent('loan.opened'))).toBe(false);
  });
});

describe('evolve', () => {
  it('remembers devices, IPs and bound cards, and keeps unbound ones for swap detection', () => {
    let state = emptyAccountState('acc-1');
    state = evolve(state, anEvent('card.bound', { occurredAt: '2026-11-01T00:00:00Z' }));
    expect(Object.keys(state.cards)).toEqual(['card-1']);
    state = evolve(state, anEvent('card.unbound', { device: { id: 'phone-2' }, occurredAt: '2026-11-02T00:00:00Z' }));
    expect(state.cards).toEqual({});
    expect(state.unboundCards['card-1']).toMatchObject({ last4: '1234', unboundAt: '2026-11-02T00:00:00Z' });
    expect(state.devices['phone-1']).toEqual({ entered: 'first', firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2026-11-01T00:00:00Z' });
    expect(state.ips['198.51.100.7']).toBeDefined();
    expect(state.eventCount).toBe(2);
  });

  it('orders recent events by event time whatever their arrival order, and never stores a holder name', () => {
    let state = evolve(emptyAccountState('a'), anEvent('device.login', { id: 'late', occurredAt: '2026-11-05T00:00:00Z' }));
    state = evolve(state, anEvent('card.bound', { id: 'early', occurredAt: '2026-11-04T00:00:00Z', payload: { card: { ref: 'c', last4: '1111', holderName: '李伟' } } }));
    expect(state.recent.map((t) => t.id)).toEqual(['early', 'late']);
    expect(state.devices['phone-1']).toEqual({ entered: 'first', firstSeenAt: '2026-11-04T00:00:00Z', lastSeenAt: '2026-11-05T00:00:00Z' });
    expect(JSON.stringify(state)).not.toContain('李伟');
  });

  it('keeps the latest ID document by event time', () => {
    let state = evolve(
      emptyAccountState('a'),
      anEvent('identity.document.updated', { occurredAt: '2026-11-05T00:00:00Z', payload: { documentType: 'resident_id', expiresOn: '2036-01-01' } }),
    );
    state = evolve(state, anEvent('identity.document.updated', { occurredAt: '2026-11-01T00:00:00Z', payload: { documentType: 'resident_id', expiresOn: '2026-12-01' } }));
    expect(state.document?.expiresOn).toBe('2036-01-01');
  });

  it('bounds what it keeps: the stalest devices and IPs, recent events past the count or the window', () => {
    let state = emptyAccountState('a');
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1) + minute * 60_000).toISOString();
    for (let i = 0; i < STATE_LIMITS.devices + 5; i++) {
      state = evolve(state, anEvent('device.login', { occurredAt: at(i), device: { id: `d-${i}`, ip: `198.51.100.${i}` } }));
    }
    expect(Object.keys(state.devices)).toHaveLength(STATE_LIMITS.devices);
    expect(state.devices['d-0']).toBeUndefined();
    expect(state.devices[`d-${STATE_LIMITS.devices + 4}`]).toBeDefined();
    expect(Object.keys(state.ips)).toHaveLength(STATE_LIMITS.ips);
    for (let i = 0; i < STATE_LIMITS.recent; i++) state = evolve(state, anEvent('device.login', { occurredAt: at(100 + i) }));
    expect(state.recent).toHaveLength(STATE_LIMITS.recent);
    expect(state.recent[0].at).toBe(at(100));
    // One event a month and more later: everything before the window goes.
    state = evolve(state, anEvent('device.login', { occurredAt: '2026-12-20T00:00:00.000Z' }));
    expect(state.recent.map((t) => t.at)).toEqual(['2026-12-20T00:00:00.000Z']);
  });
});

describe('draft and fold', () => {
  it('folds a batch into one draft to the same state as evolve, leaving the loaded state as it was', () => {
    const loaded = [anEvent('device.login', { occurredAt: '2026-11-01T00:00:00Z' }), anEvent('card.bound', { occurredAt: '2026-11-01T00:01:00Z' })].reduce(
      evolve,
      emptyAccountState('acc-1'),
    );
    const before = JSON.parse(JSON.stringify(loaded)) as unknown;
    const batch = [
      anEvent('device.login', { device: { id: 'laptop-9', ip: '203.0.113.9' }, occurredAt: '2026-11-03T00:00:00Z' }),
      anEvent('card.unbound', { device: { id: 'laptop-9' }, occurredAt: '2026-11-03T00:02:00Z' }),
      anEvent('loan.opened', { occurredAt: '2026-11-02T00:00:00Z' }),
      anEvent('contact.changed', { payload: { kind: 'email', value: 'x@example.com' }, occurredAt: '2026-11-03T00:03:00Z' }),
    ];
    const working = draft(loaded);
    for (const event of batch) fold(working, event);
    expect(working).toEqual(batch.reduce(evolve, loaded));
    expect(loaded).toEqual(before);
  });
});

describe('upgradeState (stored snapshots of the first shape)', () => {
  it('given a version 1 row, then its devices read as legacy, its contact kinds as contacts on file since the account began, and its cards go into the card book', () => {
    const v1 = {
      accountId: 'acc-1',
      eventCount: 3,
      devices: { 'phone-1': { firstSeenAt: '2026-03-01T00:00:00.000Z', lastSeenAt: '2026-11-01T00:00:00.000Z' } },
      ips: {},
      cards: { 'card-2': { last4: '2222', holderHash: 'abc', issuer: 'CMB', boundAt: '2026-05-01T00:00:00.000Z' } },
      unboundCards: { 'card-1': { last4: '1111', holderHash: 'abc', boundAt: '2026-03-01T00:00:00.000Z', unboundAt: '2026-05-01T00:00:00.000Z' } },
      loans: [],
      recent: [],
      contactKinds: ['phone' as const],
    };
    const state = upgradeState(v1);
    expect(state).toMatchObject({ version: 2, since: '2026-03-01T00:00:00.000Z', contacts: [{ kind: 'phone', entered: 'legacy', setAt: '2026-03-01T00:00:00.000Z' }] });
    expect(Object.keys(state.cardBook).sort()).toEqual(['card-1', 'card-2']);
    expect(deviceStanding(state.devices['phone-1'], '2026-11-02T00:00:00.000Z')).toBe('established');
    expect(contactStanding(state, 'phone', '2026-11-02T00:00:00.000Z').standing).toBe('long');
  });

  it('given a current row, then it reads as stored', () => {
    const state = evolve(emptyAccountState('acc-1'), anEvent('device.login'));
    expect(upgradeState(JSON.parse(JSON.stringify(state)) as AccountState)).toEqual(state);
  });
});
