import type { AccountEvent } from '@sentinel/contracts';
import { createHash } from 'node:crypto';
import { anEvent } from './account-events';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Times relative to one moment, so a story reads as "60 days ago … now". */
export const relativeTo = (now: number) => (offsetMs: number) => new Date(now + offsetMs).toISOString();

/**
 * A home address of the borrower's own: two borrowers' stories must not share a device or an IP,
 * or they would be a ring to the cross-account rules.
 */
function ipOf(accountId: string, host: number): string {
  const digest = createHash('sha256').update(accountId).digest('hex');
  return `2001:db8:${digest.slice(0, 4)}:${digest.slice(4, 8)}::${host}`;
}

/** An account with contacts, a phone of its own used for months and a bound card. */
export function onboarded(accountId: string, at: (offsetMs: number) => string): AccountEvent[] {
  const on = { accountId, device: { id: `phone-${accountId}`, ip: ipOf(accountId, 7) } };
  return [
    anEvent('contact.changed', { ...on, occurredAt: at(-60 * DAY), payload: { kind: 'email', value: `${accountId}@example.com` } }),
    anEvent('contact.changed', { ...on, occurredAt: at(-60 * DAY), payload: { kind: 'phone', value: '+8613800138000' } }),
    anEvent('device.login', { ...on, occurredAt: at(-60 * DAY + 60_000) }),
    anEvent('card.bound', {
      ...on,
      occurredAt: at(-59 * DAY),
      payload: { card: { ref: 'card-1', first6: '622202', last4: '1234', issuer: 'ICBC', holderName: '李伟' } },
    }),
    anEvent('device.login', { ...on, occurredAt: at(-2 * DAY) }),
  ];
}

/**
 * The silent unbind: a new phone number and a login from an unknown laptop, then the card is
 * unbound from it. Stories that share the laptop are one attacker's ring to the cross-account rules.
 */
export function takeover(accountId: string, at: (offsetMs: number) => string, offsetMs = 0, deviceId = 'laptop-x'): AccountEvent[] {
  const attacker = { accountId, device: { id: deviceId, ip: ipOf(accountId, 9) }, channel: 'web' as const };
  return [
    anEvent('contact.changed', { ...attacker, occurredAt: at(offsetMs - 2 * HOUR), payload: { kind: 'phone', value: '+8613900000000' } }),
    anEvent('device.login', { ...attacker, occurredAt: at(offsetMs - HOUR), payload: { method: 'password' } }),
    anEvent('card.unbound', { ...attacker, occurredAt: at(offsetMs) }),
  ];
}

/** A loan opened through a partner channel from a device the borrower never used, with no consent. */
export function partnerLoan(accountId: string, merchantId: string, at: (offsetMs: number) => string): AccountEvent {
  return anEvent('loan.opened', {
    accountId,
    channel: `partner:${merchantId}`,
    actor: { kind: 'partner', id: merchantId },
    device: { id: `pos-${accountId}`, ip: '192.0.2.44' },
    occurredAt: at(0),
    payload: { loanId: `L-${accountId}`, amountMinor: 2_000_000, currency: 'CNY' },
  });
}
