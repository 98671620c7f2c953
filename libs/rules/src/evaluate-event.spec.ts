import { anEvent } from '@sentinel/testing';
import { emptyAccountState, evolve } from './account-state';
import { fixedClock } from './clock';
import { decide, evaluateEvent } from './evaluate-event';
import { defaultRuleSet } from './rule-set';

const clock = fixedClock('2026-11-20T12:00:00Z');
const known = evolve(emptyAccountState('acc-1'), anEvent('device.login', { device: { id: 'phone-1' }, occurredAt: '2026-10-01T00:00:00Z' }));
const suspicious = anEvent('card.unbound', { device: { id: 'laptop-x' } });

describe('evaluateEvent', () => {
  it('maps the combined score to a decision band', () => {
    const bands = defaultRuleSet().decisions;
    expect(decide(0, bands)).toBeNull();
    expect(decide(10, bands)).toBe('notice');
    expect(decide(70, bands)).toBe('alert');
    expect(decide(95, bands)).toBe('urgent');
  });

  it('returns the hits with the configured severity and score', () => {
    const ruleSet = defaultRuleSet();
    ruleSet.rules['unbind.unknown-device'] = { ...ruleSet.rules['unbind.unknown-device'], score: 95, severity: 'critical' };
    const result = evaluateEvent(ruleSet, known, suspicious, clock);
    expect(result).toMatchObject({ score: 95, decision: 'urgent', hits: [{ ruleId: 'unbind.unknown-device', severity: 'critical' }] });
  });

  it('skips disabled rules', () => {
    const ruleSet = defaultRuleSet();
    ruleSet.rules['unbind.unknown-device'].enabled = false;
    expect(evaluateEvent(ruleSet, known, suspicious, clock)).toEqual({ hits: [], score: 0, decision: null });
  });
});

describe('evolve', () => {
  it('remembers devices and bound cards, and forgets unbound ones', () => {
    let state = emptyAccountState('acc-1');
    state = evolve(state, anEvent('card.bound', { occurredAt: '2026-11-01T00:00:00Z' }));
    expect(Object.keys(state.cards)).toEqual(['card-1']);
    state = evolve(state, anEvent('card.unbound', { device: { id: 'phone-2' }, occurredAt: '2026-11-02T00:00:00Z' }));
    expect(state.cards).toEqual({});
    expect(state.devices['phone-1']).toEqual({ firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2026-11-01T00:00:00Z' });
    expect(state.devices['phone-2']).toBeDefined();
    expect(state.eventCount).toBe(2);
    expect(state.lastActivityAt).toBe('2026-11-02T00:00:00Z');
  });

  it('keeps an out-of-order event from moving lastSeenAt backwards', () => {
    let state = evolve(emptyAccountState('a'), anEvent('device.login', { occurredAt: '2026-11-05T00:00:00Z' }));
    state = evolve(state, anEvent('device.login', { occurredAt: '2026-11-04T00:00:00Z' }));
    expect(state.devices['phone-1'].lastSeenAt).toBe('2026-11-05T00:00:00Z');
  });
});
