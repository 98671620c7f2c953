import { anEvent } from '@sentinel/testing';
import type { AccountEvent } from '@sentinel/contracts';
import { emptyAccountState, evolve, type AccountState } from '../account-state';
import { fixedClock } from '../clock';
import { unbindFromUnknownDeviceRule as rule } from './unbind-from-unknown-device.rule';

const clock = fixedClock('2026-11-20T12:00:00Z');
const params = rule.defaults.params;

function given(...events: AccountEvent[]): AccountState {
  return events.reduce(evolve, emptyAccountState('acc-1'));
}

function when(state: AccountState, event: AccountEvent) {
  return rule.evaluate(state, event, clock, params);
}

const login = (device: string, at: string) => anEvent('device.login', { device: { id: device }, occurredAt: at });
const unbind = (device: string, at: string) =>
  anEvent('card.unbound', { device: { id: device, ip: '203.0.113.9' }, occurredAt: at });

describe('rule unbind.unknown-device', () => {
  it('fires when the card is unbound from a device the account has never used', () => {
    const state = given(login('phone-1', '2026-10-01T08:00:00Z'), login('phone-1', '2026-11-19T08:00:00Z'));
    const finding = when(state, unbind('laptop-x', '2026-11-20T10:00:00Z'));
    expect(finding?.evidence).toMatchObject({ deviceId: 'laptop-x', ip: '203.0.113.9', card: '622202******1234', otherKnownDevices: 1 });
    expect(finding?.explanation.en).toContain('has never used');
    expect(finding?.explanation['zh-CN']).toContain('从未在此账户上使用过');
  });

  it('fires when the device first appeared minutes before the unbind (an attacker logs in, then unbinds)', () => {
    const state = given(login('phone-1', '2026-10-01T08:00:00Z'), login('laptop-x', '2026-11-20T09:58:00Z'));
    const finding = when(state, unbind('laptop-x', '2026-11-20T10:00:00Z'));
    expect(finding?.evidence.firstSeenAt).toBe('2026-11-20T09:58:00Z');
    expect(finding?.explanation.en).toContain('less than 72 hours');
  });

  it('fires when the device was last used longer ago than the lookback window', () => {
    const state = given(login('old-phone', '2026-01-01T08:00:00Z'), login('phone-1', '2026-11-01T08:00:00Z'));
    const finding = when(state, unbind('old-phone', '2026-11-20T10:00:00Z'));
    expect(finding?.evidence.lastSeenAt).toBe('2026-01-01T08:00:00Z');
    expect(finding?.explanation.en).toContain('more than 90 days');
  });

  it('does not fire for a new phone the borrower has used for a week', () => {
    const state = given(
      login('old-phone', '2026-09-01T08:00:00Z'),
      login('new-phone', '2026-11-13T08:00:00Z'),
      login('new-phone', '2026-11-19T21:00:00Z'),
    );
    expect(when(state, unbind('new-phone', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it('does not fire when the borrower unbinds from their usual phone', () => {
    const state = given(login('phone-1', '2026-08-01T08:00:00Z'), login('phone-1', '2026-11-20T09:00:00Z'));
    expect(when(state, unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it("learns an account's first device silently", () => {
    expect(when(given(), unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
    expect(when(given(login('phone-1', '2026-11-20T09:59:00Z')), unbind('phone-1', '2026-11-20T10:00:00Z'))).toBeNull();
  });

  it('ignores other event types and unbinds without a device', () => {
    const state = given(login('phone-1', '2026-10-01T08:00:00Z'));
    expect(when(state, anEvent('card.bound', { device: { id: 'laptop-x' } }))).toBeNull();
    expect(when(state, anEvent('card.unbound', { device: undefined }))).toBeNull();
  });

  it('honours a configured window', () => {
    const state = given(login('phone-1', '2026-10-01T08:00:00Z'), login('tablet', '2026-11-19T10:00:00Z'));
    const event = unbind('tablet', '2026-11-20T10:00:00Z');
    expect(rule.evaluate(state, event, clock, { ...params, establishedAfterHours: 12 })).toBeNull();
    expect(rule.evaluate(state, event, clock, { ...params, establishedAfterHours: 48 })).not.toBeNull();
  });
});
