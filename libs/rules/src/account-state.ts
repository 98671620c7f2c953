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
  /**
   * The account's current burst of activity: when it started and when the account was last active
   * before it. An intruder's login minutes before a loan must not hide that the account had been
   * idle for months.
   */
  session?: { startedAt: string; idleSince?: string };
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
export type StateLimits = typeof STATE_LIMITS;

/** A pause longer than this ends a burst of activity; the next event starts another. */
export const SESSION_GAP_MS = 6 * 3_600_000;

/** No trimming: for a state built from a bounded window of recorded events. */
const UNBOUNDED: StateLimits = { devices: Infinity, ips: Infinity, loans: Infinity, recent: Infinity, recentDays: Infinity, unboundCards: Infinity };

/**
 * Whether the event's device is the borrower's: a support agent's console or a system job acts
 * on the account from a device that is neither learned nor judged as one of the borrower's.
 */
export const onBorrowerDevice = (event: Pick<AccountEvent, 'actor' | 'channel'>): boolean =>
  event.actor.kind !== 'agent' && event.actor.kind !== 'system' && event.channel !== 'support' && event.channel !== 'system';

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

/** Records a sighting in `map`, which the caller owns; drops the stalest past `limit`. */
function recordSighting(map: Record<string, Sighting>, key: string, at: string, limit: number): void {
  const known = map[key];
  if (known && known.firstSeenAt <= at && known.lastSeenAt >= at) return;
  // A new object, never a changed one: a rule's evidence or another state may still hold the old.
  map[key] = { firstSeenAt: earlier(known?.firstSeenAt, at), lastSeenAt: later(known?.lastSeenAt, at) };
  if (known) return;
  const keys = Object.keys(map);
  if (keys.length <= limit) return;
  delete map[keys.reduce((a, b) => (map[a].lastSeenAt <= map[b].lastSeenAt ? a : b))];
}

function boundCard(card: CardRef, at: string): BoundCard {
  return { first6: card.first6, last4: card.last4, issuer: card.issuer, holderHash: holderHash(card.holderName), boundAt: at };
}

function trace(state: AccountState, event: AccountEvent): Trace {
  const t: Trace = { id: event.id, type: event.type, at: event.occurredAt, channel: event.channel, actorKind: event.actor.kind };
  if (event.device) {
    t.deviceId = event.device.id;
    t.ip = event.device.ip;
  }
  if (event.device && onBorrowerDevice(event)) {
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

/** Inserts into `recent`, which the caller owns, in event-time order; drops what is older than the window or past the count. */
function insertRecent(recent: Trace[], item: Trace, limits: StateLimits): void {
  let i = recent.length;
  while (i > 0 && recent[i - 1].at > item.at) i--;
  recent.splice(i, 0, item);
  if (limits.recentDays === Infinity) return;
  const cutoff = new Date(Date.parse(recent[recent.length - 1].at) - limits.recentDays * 86_400_000).toISOString();
  let stale = 0;
  while (stale < recent.length && recent[stale].at < cutoff) stale++;
  recent.splice(0, Math.max(stale, recent.length - limits.recent));
}

/**
 * A copy of the state whose containers (maps and lists) are its own, for `fold` to change. The
 * entries in them are shared: `fold` replaces entries and never changes one.
 */
export function draft(state: AccountState): AccountState {
  return {
    ...state,
    devices: { ...state.devices },
    ips: { ...state.ips },
    cards: { ...state.cards },
    unboundCards: { ...state.unboundCards },
    loans: [...state.loans],
    recent: [...state.recent],
    contactKinds: [...state.contactKinds],
  };
}

/** Folds one event into the state. Pure: the caller decides when and whether to persist. */
export function evolve(state: AccountState, event: AccountEvent): AccountState {
  const next = draft(state);
  fold(next, event);
  return next;
}

/**
 * Folds one event into a `draft` in place. The detector folds a batch's events for one account
 * into one draft instead of copying the whole state for each: for an active account that copying
 * was most of the batch.
 */
export function fold(state: AccountState, event: AccountEvent, limits: StateLimits = STATE_LIMITS): void {
  const at = event.occurredAt;
  insertRecent(state.recent, trace(state, event), limits);
  state.eventCount += 1;
  if (!state.lastActivityAt || Date.parse(at) - Date.parse(state.lastActivityAt) > SESSION_GAP_MS) {
    state.session = { startedAt: at, ...(state.lastActivityAt ? { idleSince: state.lastActivityAt } : {}) };
  }
  state.lastActivityAt = later(state.lastActivityAt, at);
  if (event.device && onBorrowerDevice(event)) {
    recordSighting(state.devices, event.device.id, at, limits.devices);
    if (event.device.ip) recordSighting(state.ips, event.device.ip, at, limits.ips);
  }
  switch (event.type) {
    case 'card.bound':
      state.cards[event.payload.card.ref] = boundCard(event.payload.card, at);
      break;
    case 'card.unbound': {
      const ref = event.payload.card.ref;
      const gone = state.cards[ref];
      delete state.cards[ref];
      state.unboundCards[ref] = { ...(gone ?? boundCard(event.payload.card, at)), unboundAt: at };
      const refs = Object.keys(state.unboundCards).sort((a, b) => (state.unboundCards[a].unboundAt < state.unboundCards[b].unboundAt ? 1 : -1));
      for (const old of refs.slice(limits.unboundCards)) delete state.unboundCards[old];
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
      let i = state.loans.length;
      while (i > 0 && state.loans[i - 1].at > at) i--;
      state.loans.splice(i, 0, loan);
      state.loans.splice(0, Math.max(0, state.loans.length - limits.loans));
      break;
    }
    case 'contact.changed':
      if (!state.contactKinds.includes(event.payload.kind)) state.contactKinds.push(event.payload.kind);
      break;
    case 'identity.document.updated':
      if (!state.document || state.document.updatedAt <= at) {
        state.document = { documentType: event.payload.documentType, expiresOn: event.payload.expiresOn, updatedAt: at };
      }
      break;
    // Named rather than left to a default: a new event type must decide what the state keeps of it.
    case 'card.invalidated':
    case 'consent.verified':
    case 'device.login':
    case 'password.reset':
    case 'preferences.updated':
      break;
  }
}

/**
 * The state that the given events alone fold into, in event-time order, with nothing trimmed: what
 * a deferred judgement sees of the recorded events around its own, whatever order they arrived in
 * and however far the account has moved on since.
 */
export function stateAround(accountId: string, events: readonly AccountEvent[]): AccountState {
  const state = emptyAccountState(accountId);
  for (const event of [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0))) fold(state, event, UNBOUNDED);
  return state;
}
