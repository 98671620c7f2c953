import { type AccountEvent, partnerOf } from '@sentinel/contracts';
import { createHash } from 'node:crypto';
import { networkOf } from '../network';

/** What can tie accounts together: a card (by the platform's PAN fingerprint), a device, an IP, a merchant or partner. */
export const ENTITY_KINDS = ['card', 'device', 'ip', 'merchant'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Actions a ring does on the accounts it controls: they move money or the means to reach the borrower. */
const SENSITIVE_TYPES: readonly AccountEvent['type'][] = ['card.unbound', 'contact.changed', 'loan.opened'];

/** One event's tie between an account and an entity, at the event's own time. */
export interface EntityLink {
  kind: EntityKind;
  value: string;
  accountId: string;
  eventId: string;
  eventType: AccountEvent['type'];
  at: string;
  sensitive: boolean;
  /** For a card binding with a holder's name: a digest of the normalised name, so names are compared, never stored. */
  holderKey?: string;
}

/** A card's holder name compared as a person would: width, case and spacing do not make another holder. */
function holderKey(name: string): string {
  const normalised = name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return createHash('sha256').update(normalised).digest('hex').slice(0, 32);
}

/**
 * An agent's console, the platform's own systems and a partner's or merchant's terminal act on
 * many accounts by design: their devices are not the borrower's, so they tie no accounts together
 * (a merchant that preys on accounts is the merchant roll-up's to find).
 */
function borrowerSide(event: AccountEvent): boolean {
  const { kind } = event.actor;
  return kind !== 'agent' && kind !== 'system' && kind !== 'partner' && event.channel !== 'support' && event.channel !== 'system';
}

/** The entities one event ties its account to. */
export function entityLinksOf(event: AccountEvent): EntityLink[] {
  const base = {
    accountId: event.accountId,
    eventId: event.id,
    eventType: event.type,
    at: new Date(event.occurredAt).toISOString(),
    sensitive: SENSITIVE_TYPES.includes(event.type),
  };
  const links: EntityLink[] = [];
  if ('card' in event.payload && event.payload.card.fingerprint) {
    const { card } = event.payload;
    const holder = event.type === 'card.bound' && card.holderName ? holderKey(card.holderName) : undefined;
    links.push({ ...base, kind: 'card', value: card.fingerprint!, ...(holder ? { holderKey: holder } : {}) });
  }
  if (event.device && borrowerSide(event)) {
    links.push({ ...base, kind: 'device', value: event.device.id });
    if (event.device.ip) links.push({ ...base, kind: 'ip', value: event.device.ip });
  }
  if (event.type === 'loan.opened') {
    const merchant = event.payload.merchantId ?? partnerOf(event.channel);
    if (merchant) links.push({ ...base, kind: 'merchant', value: merchant });
  }
  return links;
}

/** The entity as an analyst or a log may see it: an IP without its host part, a fingerprint shortened. */
export function maskEntity(kind: EntityKind, value: string): string {
  if (kind === 'ip') return `${networkOf(value)}${value.includes(':') ? ':' : '.'}*`;
  if (kind === 'card') return value.length > 10 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value;
  return value;
}
