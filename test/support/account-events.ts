import type { AccountEvent, AccountEventType, EventOf } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';

const PAYLOADS: { [T in AccountEventType]: EventOf<T>['payload'] } = {
  'card.bound': { card: { ref: 'card-1', first6: '622202', last4: '1234', issuer: 'ICBC' } },
  'card.unbound': { card: { ref: 'card-1', first6: '622202', last4: '1234' } },
  'card.invalidated': { card: { ref: 'card-1', last4: '1234' }, reason: 'cancelled_by_bank' },
  'loan.opened': { loanId: 'loan-1', amountMinor: 500_000, currency: 'CNY' },
  'consent.verified': { method: 'otp', purpose: 'loan', subjectId: 'loan-1' },
  'identity.document.updated': { documentType: 'resident_id', numberLast4: '123X', expiresOn: '2030-01-01' },
  'contact.changed': { kind: 'email', value: 'borrower@example.com' },
  'device.login': { method: 'otp' },
  'password.reset': { method: 'sms' },
  'preferences.updated': { locale: 'en', channels: ['email', 'sms'], quietHours: { start: '22:00', end: '08:00' } },
  'borrower.answered': { answer: 'me', caseReference: 'AB12CD34', devices: [{ id: 'phone-1', flaggedAt: '2026-11-20T09:00:00.000Z' }] },
};

/** A valid event of the given type, with everything overridable. */
export function anEvent<T extends AccountEventType>(type: T, overrides: Partial<Omit<EventOf<T>, 'type'>> = {}): EventOf<T> {
  return {
    id: randomUUID(),
    schemaVersion: 1,
    type,
    accountId: 'acc-1',
    occurredAt: '2026-11-20T10:00:00.000Z',
    channel: 'app',
    actor: { kind: 'borrower' },
    device: { id: 'phone-1', ip: '198.51.100.7' },
    payload: PAYLOADS[type],
    ...overrides,
  } as EventOf<T>;
}

export type { AccountEvent };
