import type { AccountEvent, CardRef } from '@sentinel/contracts';
import { partnerOf } from '@sentinel/contracts';
import { createHash } from 'node:crypto';

export interface Sighting {
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface BoundCard {
  first6?: string;
  last4: string;
  issuer?: string;
  /** A hash, not the name: rules only compare names, and state should hold no more PII than it needs. */
  holderHash?: string;
  boundAt: string;
}

export interface LoanRecord {
  loanId: string;
  at: string;
  amountMinor: number;
  termMonths?: number;
  merchant?: string;
}

/** One past event, reduced to what sequence and absence rules look at. */
export interface Trace {
  id: string;
  type: AccountEvent['type'];
  at: string;
  channel: string;
  actorKind: string;
  deviceId?: string;
  ip?: string;
  /** A login or action from a device the account had not seen before it. */
  newDevice?: boolean;
  /** A contact change that replaced an existing phone or email, rather than setting the first one. */
  replaced?: boolean;
  cardRef?: string;
  purpose?: string;
  subjectId?: string;
}

/** What the detector remembers of one account between events. Stored as JSON, one row per account. */
export interface AccountState {
  accountId: string;
  eventCount: number;
  lastActivityAt?: string;
  devices: Record<string, Sighting>;
  ips: Record<string, Sighting>;
  cards: Record<string, BoundCard>;
  /** Cards unbound recently, kept so a swap can compare holder and issuer. */
  unboundCards: Record<string, BoundCard & { unboundAt: string }>;
  loans: LoanRecord[];
  document?: { documentType: string; expiresOn: string; updatedAt: string };
  /** Contact kinds the account has had, so that setting a first phone or email is not a "change". */
  contactKinds: ('phone' | 'email')[];
  /** Recent events in event-time order, whatever order they arrived in. */
  recent: Trace[];
}

// Bounds keep a row small whatever an account does; the longest rule window is well inside them.
export const STATE_LIMITS = { devices: 64, ips: 64, loans: 50, recent: 200, recentDays: 30, unboundCards: 10 };

export function emptyAccountState(accountId: string): AccountState {
  return { accountId, eventCount: 0, devices: {}, ips: {}, cards: {}, unboundCards: {}, loans: [], recent: [], contactKinds: [] };
}

/** Fills fields added to the state after a row was written, so old rows read as current ones. */
export function upgradeState(stored: Partial<AccountState> & { accountId: string }): AccountState {
  return { ...emptyAccountState(stored.accountId), ...stored };
}

export const holderHash = (name: string | undefined): string | undefined =>
  name ? createHash('sha256').update(name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()).digest('hex').slice(0, 16) : undefined;

const later = (a: string | undefined, b: string): string => (a && a > b ? a : b);
const earlier = (a: string | undefined, b: string): string => (a && a < b ? a : b);

function sight(map: Record<string, Sighting>, key: string, at: string, limit: number): Record<string, Sighting> {
  const known = map[key];
  const next = { ...map, [key]: { firstSeenAt: earlier(known?.firstSeenAt, at), lastSeenAt: later(known?.lastSeenAt, at) } };
  const keys = Object.keys(next);
  if (keys.length <= limit) return next;
  const stalest = keys.reduce((a, b) => (next[a].lastSeenAt <= next[b].lastSeenAt ? a : b));
  delete next[stalest];
  return next;
}

function boundCard(card: CardRef, at: string): BoundCard {
  return { first6: card.first6, last4: card.last4, issuer: card.issuer, holderHash: holderHash(card.holderName), boundAt: at };
}

function trace(state: AccountState, event: AccountEvent): Trace {
  const t: Trace = { id: event.id, type: event.type, at: event.occurredAt, channel: event.channel, actorKind: event.actor.kind };
  if (event.device) {
    t.deviceId = event.device.id;
    t.ip = event.device.ip;
    const known = state.devices[event.device.id];
    const others = Object.keys(state.devices).some((id) => id !== event.device!.id);
    // An account's first device is not "new": there is nothing it replaced.
    t.newDevice = others && (!known || known.firstSeenAt >= event.occurredAt);
  }
  if ('card' in event.payload) t.cardRef = event.payload.card.ref;
  if (event.type === 'consent.verified') {
    t.purpose = event.payload.purpose;
    t.subjectId = event.payload.subjectId;
  }
  if (event.type === 'loan.opened') t.subjectId = event.payload.loanId;
  if (event.type === 'contact.changed') t.replaced = state.contactKinds.includes(event.payload.kind);
  return t;
}

/** Inserts in event-time order and drops what is older than the retention window or the count limit. */
function remember(recent: Trace[], item: Trace): Trace[] {
  const next = [...recent];
  let i = next.length;
  while (i > 0 && next[i - 1].at > item.at) i--;
  next.splice(i, 0, item);
  const newest = Date.parse(next[next.length - 1].at);
  const cutoff = new Date(newest - STATE_LIMITS.recentDays * 86_400_000).toISOString();
  const kept = next.filter((t) => t.at >= cutoff);
  return kept.slice(Math.max(0, kept.length - STATE_LIMITS.recent));
}

/** Folds one event into the state. Pure: the caller decides when and whether to persist. */
export function evolve(state: AccountState, event: AccountEvent): AccountState {
  const at = event.occurredAt;
  let next: AccountState = {
    ...state,
    eventCount: state.eventCount + 1,
    lastActivityAt: later(state.lastActivityAt, at),
    recent: remember(state.recent, trace(state, event)),
  };
  if (event.device) {
    next.devices = sight(next.devices, event.device.id, at, STATE_LIMITS.devices);
    if (event.device.ip) next.ips = sight(next.ips, event.device.ip, at, STATE_LIMITS.ips);
  }
  switch (event.type) {
    case 'card.bound':
      next = { ...next, cards: { ...next.cards, [event.payload.card.ref]: boundCard(event.payload.card, at) } };
      break;
    case 'card.unbound': {
      const { [event.payload.card.ref]: gone, ...cards } = next.cards;
      const unbound = { ...(gone ?? boundCard(event.payload.card, at)), unboundAt: at };
      const unboundCards = Object.fromEntries(
        Object.entries({ ...next.unboundCards, [event.payload.card.ref]: unbound })
          .sort(([, a], [, b]) => (a.unboundAt < b.unboundAt ? 1 : -1))
          .slice(0, STATE_LIMITS.unboundCards),
      );
      next = { ...next, cards, unboundCards };
      break;
    }
    case 'loan.opened': {
      const loan: LoanRecord = {
        loanId: event.payload.loanId,
        at,
        amountMinor: event.payload.amountMinor,
        termMonths: event.payload.termMonths,
        merchant: event.payload.merchantId ?? partnerOf(event.channel),
      };
      next = { ...next, loans: [...next.loans, loan].sort((a, b) => (a.at < b.at ? -1 : 1)).slice(-STATE_LIMITS.loans) };
      break;
    }
    case 'contact.changed':
      if (!next.contactKinds.includes(event.payload.kind)) next = { ...next, contactKinds: [...next.contactKinds, event.payload.kind] };
      break;
    case 'identity.document.updated':
      if (!next.document || next.document.updatedAt <= at) {
        next = { ...next, document: { documentType: event.payload.documentType, expiresOn: event.payload.expiresOn, updatedAt: at } };
      }
      break;
    default:
      break;
  }
  return next;
}
