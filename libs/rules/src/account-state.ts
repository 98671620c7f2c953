import type { AccountEvent, CardRef } from '@sentinel/contracts';

export interface KnownDevice {
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface BoundCard {
  first6?: string;
  last4: string;
  issuer?: string;
  boundAt: string;
}

/** What the detector remembers of one account between events. Stored as JSON, one row per account. */
export interface AccountState {
  accountId: string;
  devices: Record<string, KnownDevice>;
  cards: Record<string, BoundCard>;
  lastActivityAt?: string;
  eventCount: number;
}

// An account seen from hundreds of devices is itself odd; bounding the memory keeps rows small.
export const MAX_REMEMBERED_DEVICES = 64;

export function emptyAccountState(accountId: string): AccountState {
  return { accountId, devices: {}, cards: {}, eventCount: 0 };
}

function rememberDevice(devices: Record<string, KnownDevice>, id: string, at: string): Record<string, KnownDevice> {
  const known = devices[id];
  const next = { ...devices, [id]: { firstSeenAt: known?.firstSeenAt ?? at, lastSeenAt: later(known?.lastSeenAt, at) } };
  const ids = Object.keys(next);
  if (ids.length <= MAX_REMEMBERED_DEVICES) return next;
  const oldest = ids.reduce((a, b) => (next[a].lastSeenAt <= next[b].lastSeenAt ? a : b));
  delete next[oldest];
  return next;
}

function later(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}

function bind(cards: Record<string, BoundCard>, card: CardRef, at: string): Record<string, BoundCard> {
  return { ...cards, [card.ref]: { first6: card.first6, last4: card.last4, issuer: card.issuer, boundAt: at } };
}

function unbind(cards: Record<string, BoundCard>, ref: string): Record<string, BoundCard> {
  const next = { ...cards };
  delete next[ref];
  return next;
}

/** Folds one event into the state. Pure: the caller decides when and whether to persist. */
export function evolve(state: AccountState, event: AccountEvent): AccountState {
  const at = event.occurredAt;
  let next: AccountState = {
    ...state,
    eventCount: state.eventCount + 1,
    lastActivityAt: later(state.lastActivityAt, at),
  };
  if (event.device) next = { ...next, devices: rememberDevice(next.devices, event.device.id, at) };
  switch (event.type) {
    case 'card.bound':
      return { ...next, cards: bind(next.cards, event.payload.card, at) };
    case 'card.unbound':
      return { ...next, cards: unbind(next.cards, event.payload.card.ref) };
    default:
      return next;
  }
}
