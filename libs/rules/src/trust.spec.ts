import type { AccountEvent } from '@sentinel/contracts';
import { anEvent, givenHistory } from '@sentinel/testing';
import { contactStanding, deviceStanding, stateAround } from './account-state';

const dev = (id: string) => ({ device: { id, ip: '198.51.100.7' } });
const login = (device: string, at: string) => anEvent('device.login', { ...dev(device), occurredAt: at });
const phone = (value: string, device: string, at: string) => anEvent('contact.changed', { ...dev(device), occurredAt: at, payload: { kind: 'phone', value } });
const consent = (method: 'otp' | 'face', device: string, at: string, purpose: 'contact.change' | 'loan' = 'contact.change') =>
  anEvent('consent.verified', { ...dev(device), occurredAt: at, payload: { method, purpose } });
const base = (): AccountEvent[] => [login('phone-1', '2026-03-01T08:00:00.000Z'), phone('+8613800138000', 'phone-1', '2026-03-01T08:05:00.000Z')];
const later = '2026-10-10T00:00:00.000Z';

describe('the trust model', () => {
  it('given a new device that replaced the number on its first day, then it and the number are untrusted however long it waits', () => {
    const state = givenHistory(...base(), login('new-1', '2026-10-01T09:00:00.000Z'), phone('+8613900000099', 'new-1', '2026-10-01T09:05:00.000Z'));
    expect(deviceStanding(state.devices['new-1'], later)).toBe('takeover');
    expect(contactStanding(state, 'phone', later).standing).toBe('untrusted');
    expect(state.contacts.map((c) => c.entered)).toEqual(['first', 'takeover']);
  });

  it('given the same change made from the settled phone, then the new number is trusted and the device too', () => {
    const state = givenHistory(...base(), phone('+8613900000099', 'phone-1', '2026-10-01T09:05:00.000Z'));
    expect(state.contacts.map((c) => c.entered)).toEqual(['first', 'trusted']);
    expect(deviceStanding(state.devices['phone-1'], later)).toBe('established');
  });

  it('given an OTP for the change to the number on file, in either arrival order, then the change is the borrower’s', () => {
    const events = [login('new-1', '2026-10-01T09:00:00.000Z'), consent('otp', 'new-1', '2026-10-01T09:04:00.000Z'), phone('+8613900000099', 'new-1', '2026-10-01T09:05:00.000Z')];
    for (const order of [events, [...events].reverse()]) {
      const state = givenHistory(...base(), ...order);
      expect(deviceStanding(state.devices['new-1'], later)).toBe('established');
      expect(state.contacts.map((c) => c.entered)).toEqual(['first', 'trusted']);
    }
  });

  it('given a face check on a new device, then it is re-verified from then on, not before', () => {
    const state = givenHistory(...base(), login('new-1', '2026-10-01T09:00:00.000Z'), consent('face', 'new-1', '2026-10-01T09:10:00.000Z', 'loan'));
    expect(deviceStanding(state.devices['new-1'], '2026-10-01T09:05:00.000Z')).toBe('new');
    expect(deviceStanding(state.devices['new-1'], '2026-10-01T09:11:00.000Z')).toBe('verified');
  });

  it('given a face check made from a device under a takeover mark, then the mark stays: the intruder chose when to face the camera', () => {
    const state = givenHistory(
      ...base(),
      login('new-1', '2026-10-01T09:00:00.000Z'),
      phone('+8613900000099', 'new-1', '2026-10-01T09:05:00.000Z'),
      consent('face', 'new-1', '2026-10-03T09:00:00.000Z', 'loan'),
    );
    expect(deviceStanding(state.devices['new-1'], later)).toBe('takeover');
  });

  it('given a deferred judgement on a window of events, then it keeps the facts from before the window, read as of the event', () => {
    const all = [
      ...base(),
      anEvent('card.bound', { ...dev('phone-1'), occurredAt: '2026-03-02T00:00:00.000Z', payload: { card: { ref: 'c-1', last4: '1111', holderName: 'Zhang San' } } }),
    ];
    const known = givenHistory(...all);
    const window = [anEvent('card.unbound', { ...dev('phone-1'), occurredAt: '2026-10-01T00:00:00.000Z', payload: { card: { ref: 'c-1', last4: '1111' } } })];
    expect(stateAround('acc-1', window).unboundCards['c-1'].holderHash).toBeUndefined();
    expect(stateAround('acc-1', window, known).unboundCards['c-1'].holderHash).toBe(known.cardBook['c-1'].holderHash);
    expect(deviceStanding(stateAround('acc-1', window, known).devices['phone-1'], '2026-10-01T00:00:00.000Z')).toBe('established');
  });
});
