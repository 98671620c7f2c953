import type { AccountEvent } from '@sentinel/contracts';
import { anEvent } from '@sentinel/testing';
import { emptyAccountState, fold } from './account-state';
import { stepUpAvoids } from './trust';

// Where a step-up may ask. A mailbox taken with a reused password stays on file for years, so by
// age it is a trusted contact; the password reset that an unknown laptop asked for through it is
// what shows that someone else reads it.

const dev = (id: string, ip = '198.51.100.7') => ({ device: { id, ip } });
const login = (device: string, at: string) => anEvent('device.login', { ...dev(device), occurredAt: at });
const reset = (method: 'email' | 'sms' | 'support', device: string, at: string) =>
  anEvent('password.reset', { ...dev(device, '203.0.113.9'), occurredAt: at, payload: { method } });
const face = (device: string, at: string) => anEvent('consent.verified', { ...dev(device), occurredAt: at, payload: { method: 'face', purpose: 'loan', subjectId: 'l-0' } });
const loan = (device: string, at: string) => anEvent('loan.opened', { ...dev(device), occurredAt: at, payload: { loanId: 'l-9', amountMinor: 300_000, currency: 'CNY' } });

/** Two years on one phone, the email and the number set from it on the first day. */
const longStanding = (): AccountEvent[] => [
  login('phone-1', '2024-11-01T08:00:00.000Z'),
  anEvent('contact.changed', { ...dev('phone-1'), occurredAt: '2024-11-01T08:01:00.000Z', payload: { kind: 'email', value: 'li.na@example.com' } }),
  anEvent('contact.changed', { ...dev('phone-1'), occurredAt: '2024-11-01T08:02:00.000Z', payload: { kind: 'phone', value: '+8613800138000' } }),
  login('phone-1', '2026-11-20T08:00:00.000Z'),
];

function stateOf(events: AccountEvent[]) {
  const state = emptyAccountState('acc-1');
  for (const event of events) fold(state, event);
  return state;
}

describe('stepUpAvoids: a step-up does not ask through a contact someone else reset the password with', () => {
  it('given an email reset asked for from a laptop the account never used, when a step-up is raised about its loan an hour later, then it must not ask through email', () => {
    const doubt = loan('laptop-x', '2026-11-25T11:00:00.000Z');
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T10:00:00.000Z'), login('laptop-x', '2026-11-25T10:02:00.000Z')]);
    expect(stepUpAvoids(state, doubt, 'alert')).toEqual(['email']);
  });

  it('given the same reset, when the laptop waits three weeks before the loan, then the mailbox is still not asked', () => {
    const doubt = loan('laptop-x', '2026-12-16T11:00:00.000Z');
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T10:00:00.000Z'), login('laptop-x', '2026-12-01T10:00:00.000Z')]);
    expect(stepUpAvoids(state, doubt, 'alert')).toEqual(['email']);
  });

  it('given an SMS reset from a new handset, then the phone may still be asked: borrowers with a new phone do it every day, and a phone-only account would have nobody left to ask', () => {
    const state = stateOf([...longStanding(), reset('sms', 'handset-z', '2026-11-25T10:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('handset-z', '2026-11-25T10:30:00.000Z'), 'alert')).toEqual([]);
  });

  it('given the reset came from the phone the borrower has used for two years, then every channel may be asked', () => {
    const state = stateOf([...longStanding(), reset('email', 'phone-1', '2026-11-25T10:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('phone-1', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual([]);
  });

  it('given the laptop passed a face check after the reset, then the mailbox may be asked again', () => {
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T10:00:00.000Z'), face('laptop-x', '2026-11-25T10:30:00.000Z')]);
    expect(stepUpAvoids(state, loan('laptop-x', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual([]);
  });

  it('given a reset that comes after the event judged, then it does not count for it', () => {
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T12:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('phone-1', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual([]);
  });

  it('given a reset support did, then no channel is doubted by it (support is judged by its own rules)', () => {
    const state = stateOf([...longStanding(), reset('support', 'laptop-x', '2026-11-25T10:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('laptop-x', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual([]);
  });

  it('given the same reset, when the laptop then logs in 300 times to wash it out of what the account remembers, then the mailbox is still not asked', () => {
    const logins = Array.from({ length: 300 }, (_, i) => login('laptop-x', new Date(Date.parse('2026-11-25T10:05:00.000Z') + i * 60_000).toISOString()));
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T10:00:00.000Z'), ...logins]);
    expect(stepUpAvoids(state, loan('laptop-x', '2026-11-26T11:00:00.000Z'), 'alert')).toEqual(['email']);
  });

  it('given a reset 31 days before the step-up, then the mailbox may be asked again (the doubt lasts 30 days)', () => {
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-10-25T10:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('phone-1', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual([]);
  });

  it('given a reset that names no device, then nobody vouches for it: the mailbox is not asked', () => {
    const bare = anEvent('password.reset', { occurredAt: '2026-11-25T10:00:00.000Z', payload: { method: 'email' } });
    delete (bare as { device?: unknown }).device;
    const state = stateOf([...longStanding(), bare]);
    expect(stepUpAvoids(state, loan('phone-1', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual(['email']);
  });

  it('given an agent who reset the password by email from the support console, then it is left to the staff-reset rules', () => {
    const byAgent = anEvent('password.reset', {
      occurredAt: '2026-11-25T10:00:00.000Z',
      channel: 'support',
      actor: { kind: 'agent', id: 'agent-7' },
      payload: { method: 'email' },
    });
    const state = stateOf([...longStanding(), byAgent]);
    expect(stepUpAvoids(state, loan('phone-1', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual([]);
  });

  it('given a face check on the laptop after the event judged, then it does not clear the doubt for that event', () => {
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T10:00:00.000Z'), face('laptop-x', '2026-11-25T12:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('laptop-x', '2026-11-25T11:00:00.000Z'), 'alert')).toEqual(['email']);
  });

  it('given a case or a heads-up rather than a step-up, then there is nothing to route', () => {
    const state = stateOf([...longStanding(), reset('email', 'laptop-x', '2026-11-25T10:00:00.000Z')]);
    expect(stepUpAvoids(state, loan('laptop-x', '2026-11-25T11:00:00.000Z'), 'urgent')).toEqual([]);
    expect(stepUpAvoids(state, loan('laptop-x', '2026-11-25T11:00:00.000Z'), 'notice')).toEqual([]);
  });
});
