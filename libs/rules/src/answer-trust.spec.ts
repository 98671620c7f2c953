import type { AccountEvent } from '@sentinel/contracts';
import { anEvent, verdictsOf } from '@sentinel/testing';
import { contactStanding, deviceStanding, emptyAccountState, fold, stateAround } from './account-state';
import { isCaseWorthy } from './evaluate-event';

// Issue #21: trust is earned by re-verification, and a "was me" through a trusted contact is one.
// The console publishes the borrower's applied answer as `borrower.answered`; these are what the
// trust model learns from it. Each failed before the answer was folded into the state.

const dev = (id: string, ip = '198.51.100.7') => ({ device: { id, ip } });
const login = (device: string, at: string, ip?: string) => anEvent('device.login', { ...dev(device, ip), occurredAt: at });
const phone = (value: string, device: string, at: string) => anEvent('contact.changed', { ...dev(device), occurredAt: at, payload: { kind: 'phone', value } });
const bind = (ref: string, device: string, at: string) =>
  anEvent('card.bound', { ...dev(device), occurredAt: at, payload: { card: { ref, first6: '622202', last4: ref.slice(-4), issuer: 'ICBC', holderName: 'Zhang San' } } });
/** The borrower's answer at `at` about the event of `flaggedAt`, from the devices named. */
const answered = (answer: 'me' | 'not_me', deviceIds: string[], at: string, flaggedAt = at) =>
  anEvent('borrower.answered', {
    occurredAt: at,
    channel: 'system',
    actor: { kind: 'system' },
    device: undefined,
    payload: { answer, caseReference: 'AB12CD34', devices: deviceIds.map((id) => ({ id, flaggedAt })) },
  });

/** Her phone since spring, the number set from it, a card in her name. */
const longStanding = (): AccountEvent[] => [
  login('phone-1', '2026-03-01T08:00:00.000Z'),
  phone('+8613800138000', 'phone-1', '2026-03-01T08:05:00.000Z'),
  bind('card-1001', 'phone-1', '2026-03-01T08:10:00.000Z'),
  login('phone-1', '2026-09-20T08:00:00.000Z'),
];

/** A new handset that replaced the number on its first day, with no strong consent: a takeover signal, whoever holds it. */
const newHandsetReplacesNumber = (): AccountEvent[] => [
  login('phone-2', '2026-10-01T09:00:00.000Z', '203.0.113.66'),
  phone('+8613900000099', 'phone-2', '2026-10-01T09:05:00.000Z'),
  login('phone-2', '2026-10-03T09:00:00.000Z', '203.0.113.66'),
];

const unbindWithOtp = (at: string): AccountEvent[] => [
  anEvent('consent.verified', {
    ...dev('phone-2', '203.0.113.66'),
    occurredAt: new Date(Date.parse(at) - 60_000).toISOString(),
    payload: { method: 'otp', purpose: 'card.unbind', subjectId: 'card-1001' },
  }),
  anEvent('card.unbound', { ...dev('phone-2', '203.0.113.66'), occurredAt: at, payload: { card: { ref: 'card-1001', last4: '1001', holderName: 'Zhang San', issuer: 'ICBC' } } }),
];

const stateOf = (events: readonly AccountEvent[]) => stateAround('acc-1', events);

describe('a "was me" through a trusted contact re-verifies the devices it vouches for', () => {
  it('given a new handset that replaced the number, when the borrower answers "was me" about it through her trusted contact, then its card unbind days later opens no case', () => {
    const [consent, unbind] = unbindWithOtp('2026-10-05T10:01:00.000Z');
    const without = verdictsOf([...longStanding(), ...newHandsetReplacesNumber(), consent, unbind]).get(unbind.id)!;
    const withAnswer = verdictsOf([
      ...longStanding(),
      ...newHandsetReplacesNumber(),
      answered('me', ['phone-2'], '2026-10-01T12:00:00.000Z', '2026-10-01T09:05:00.000Z'),
      consent,
      unbind,
    ]).get(unbind.id)!;

    expect(isCaseWorthy(without)).toBe(true);
    expect(isCaseWorthy(withAnswer)).toBe(false);
  });

  it('given the same handset, when she answered "was me", then it stands verified from the answer on and under the takeover mark before it', () => {
    const state = stateOf([...longStanding(), ...newHandsetReplacesNumber(), answered('me', ['phone-2'], '2026-10-01T12:00:00.000Z', '2026-10-01T09:05:00.000Z')]);

    expect(deviceStanding(state.devices['phone-2'], '2026-10-01T11:00:00.000Z')).toBe('takeover');
    expect(deviceStanding(state.devices['phone-2'], '2026-10-01T12:00:00.000Z')).toBe('verified');
    // The number it set is vouched for too: an OTP to it is the borrower's from then on.
    expect(contactStanding(state, 'phone', '2026-10-01T11:00:00.000Z').standing).toBe('untrusted');
    expect(contactStanding(state, 'phone', '2026-10-02T00:00:00.000Z').standing).toBe('on-file');
  });

  it('given an answer about a device the account never saw, when it is folded, then nothing is learnt of it', () => {
    const state = stateOf([...longStanding(), answered('me', ['someone-elses'], '2026-10-01T12:00:00.000Z')]);

    expect(state.devices['someone-elses']).toBeUndefined();
  });
});

describe('a "not me" marks the devices it names as someone else\'s, where the account did not yet trust them', () => {
  /** A laptop first seen on the day it unbound her card. */
  const laptopUnbinds = (): AccountEvent[] => [
    login('laptop-9', '2026-10-01T09:55:00.000Z', '203.0.113.66'),
    anEvent('card.unbound', { ...dev('laptop-9', '203.0.113.66'), occurredAt: '2026-10-01T10:00:00.000Z', payload: { card: { ref: 'card-1001', last4: '1001' } } }),
  ];
  const notMe = (at = '2026-10-02T09:00:00.000Z') => answered('not_me', ['laptop-9'], at, '2026-10-01T10:00:00.000Z');

  it('given an unknown laptop that unbound her card, when she answers "not me", then from the answer on it stands as taken over, and a face check on it does not lift that', () => {
    const face = anEvent('consent.verified', { ...dev('laptop-9'), occurredAt: '2026-10-03T09:00:00.000Z', payload: { method: 'face', purpose: 'loan' } });
    const state = stateOf([...longStanding(), ...laptopUnbinds(), notMe(), face]);

    expect(deviceStanding(state.devices['laptop-9'], '2026-10-02T08:59:00.000Z')).toBe('new');
    expect(deviceStanding(state.devices['laptop-9'], '2026-10-02T09:00:00.000Z')).toBe('takeover');
    expect(deviceStanding(state.devices['laptop-9'], '2026-10-04T00:00:00.000Z')).toBe('takeover');
  });

  it('given the laptop marked by a "not me", when a later "was me" through a trusted contact vouches for it, then it stands verified again', () => {
    const state = stateOf([...longStanding(), ...laptopUnbinds(), notMe(), answered('me', ['laptop-9'], '2026-10-06T09:00:00.000Z', '2026-10-05T09:00:00.000Z')]);

    expect(deviceStanding(state.devices['laptop-9'], '2026-10-05T00:00:00.000Z')).toBe('takeover');
    expect(deviceStanding(state.devices['laptop-9'], '2026-10-07T00:00:00.000Z')).toBe('verified');
  });

  it('given her phone of months, when she answers "not me" about a loan from it (someone held it), then it stays hers: her later acts and consents on it are not doubted for it', () => {
    const state = stateOf([...longStanding(), answered('not_me', ['phone-1'], '2026-10-02T09:00:00.000Z', '2026-10-01T10:00:00.000Z')]);

    expect(deviceStanding(state.devices['phone-1'], '2026-10-03T00:00:00.000Z')).toBe('established');
  });

  it('given an unbind from the laptop she said was not hers, when it comes after her answer, then it opens a case where without her answer it did not', () => {
    const story = [...longStanding(), ...laptopUnbinds(), bind('card-2002', 'phone-1', '2026-10-02T10:00:00.000Z')];
    const unbind = anEvent('card.unbound', { ...dev('laptop-9', '203.0.113.66'), occurredAt: '2026-10-08T10:00:00.000Z', payload: { card: { ref: 'card-2002', last4: '2002' } } });
    const without = verdictsOf([...story, login('laptop-9', '2026-10-05T10:00:00.000Z', '203.0.113.66'), unbind]).get(unbind.id)!;
    const withAnswer = verdictsOf([...story, notMe(), login('laptop-9', '2026-10-05T10:00:00.000Z', '203.0.113.66'), unbind]).get(unbind.id)!;

    expect(isCaseWorthy(without)).toBe(false);
    expect(isCaseWorthy(withAnswer)).toBe(true);
    const hit = withAnswer.hits.find((h) => h.ruleId === 'unbind.unknown-device')!;
    expect([hit.evidence.deviceTrust, hit.evidence.deniedAt]).toEqual(['takeover', '2026-10-02T09:00:00.000Z']);
    // It says why in both languages: her answer, not a takeover signal the laptop never gave.
    expect(hit.explanation.en).toContain('answered "not me"');
    expect(hit.explanation['zh-CN']).toContain('不是我本人');
  });
});

describe('answers give one state whatever the order they arrive in', () => {
  it('given a "not me" and a later "was me" about one device, when they are folded in either order, then the state is the same', () => {
    const story = [...longStanding(), login('laptop-9', '2026-10-01T09:55:00.000Z', '203.0.113.66')];
    const notMe = answered('not_me', ['laptop-9'], '2026-10-02T09:00:00.000Z', '2026-10-01T10:00:00.000Z');
    const wasMe = answered('me', ['laptop-9'], '2026-10-06T09:00:00.000Z', '2026-10-05T09:00:00.000Z');
    const inOrder = emptyAccountState('acc-1');
    const reversed = emptyAccountState('acc-1');
    for (const e of [...story, notMe, wasMe]) fold(inOrder, e);
    for (const e of [...story, wasMe, notMe]) fold(reversed, e);

    expect(reversed.devices).toEqual(inOrder.devices);
    expect(inOrder.devices['laptop-9']).toMatchObject({ deniedAt: notMe.occurredAt, verifiedAt: wasMe.occurredAt });
  });

  it('given a quiet account, when an answer is folded, then it is no activity of the account: its last activity, session and recent events are unchanged', () => {
    const state = emptyAccountState('acc-1');
    for (const e of longStanding()) fold(state, e);
    const { lastActivityAt, session, recent, eventCount } = state;
    fold(state, answered('me', ['phone-1'], '2026-11-20T09:00:00.000Z'));

    expect({ lastActivityAt: state.lastActivityAt, session: state.session, recent: state.recent, eventCount: state.eventCount }).toEqual({
      lastActivityAt,
      session,
      recent,
      eventCount,
    });
  });

  it('given a "was me" about a new handset, then only the contacts it had set by the event she was asked about are vouched for, not one it set afterwards', () => {
    const later = phone('+8613900000777', 'phone-2', '2026-10-01T11:00:00.000Z');
    const state = stateOf([...longStanding(), ...newHandsetReplacesNumber(), later, answered('me', ['phone-2'], '2026-10-01T12:00:00.000Z', '2026-10-01T09:05:00.000Z')]);

    expect(state.contacts.filter((c) => c.kind === 'phone').map((c) => [c.setAt, c.verifiedAt ?? null])).toEqual([
      ['2026-03-01T08:05:00.000Z', null],
      ['2026-10-01T09:05:00.000Z', '2026-10-01T12:00:00.000Z'],
      ['2026-10-01T11:00:00.000Z', null],
    ]);
  });
});
