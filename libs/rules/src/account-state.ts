import type { AccountEvent, CardRef, EventOf } from '@sentinel/contracts';
import { partnerOf } from '@sentinel/contracts';
import { createHash } from 'node:crypto';
import { networkOf } from './network';

export interface Sighting {
  firstSeenAt: string;
  lastSeenAt: string;
}

/**
 * How a device, contact or card came to the account. Trust follows from it, and from
 * re-verification, not from the clock alone (see docs/rules.md, "The trust model").
 *
 * - `first`: the account's first of its kind; nothing was replaced.
 * - `trusted`: added from a device or contact the account already trusted.
 * - `new`: a device that appeared with nothing to vouch for it yet; age earns it trust unless it
 *   does something only an intruder needs to do first.
 * - `support-consented` / `support`: added by support, with or without the borrower's strong consent.
 * - `partner`: added through a partner or merchant channel.
 * - `takeover`: arrived through a takeover signal (a contact replaced or a password reset by a
 *   device not yet trusted, with no strong consent); untrusted until re-verified.
 * - `unvouched`: a contact of a kind the account never had, set by a device it did not trust yet,
 *   with no strong consent, while another way in existed: nothing was replaced, so it is no
 *   takeover signal, but whoever set it may be the one who reads it; untrusted until re-verified.
 * - `legacy`: in a state stored before provenance was kept.
 */
type Provenance = 'first' | 'trusted' | 'new' | 'support-consented' | 'support' | 'partner' | 'takeover' | 'unvouched' | 'legacy';

/** A device the borrower has used, with how it came and what has vouched for it since. */
export interface DeviceFact extends Sighting {
  /** Absent in states stored before provenance was kept: `legacy`. */
  entered?: Provenance;
  /** The first takeover signal it gave while not yet trusted: from then on it is untrusted until re-verified. */
  takeoverAt?: string;
  /** The latest re-verification on it: a face check, or "was me" through a trusted contact. */
  verifiedAt?: string;
  /** The latest "not me" the borrower answered to a case about what it did: untrusted until re-verified after. */
  deniedAt?: string;
}

/** A phone number or email the account has had, from when it was set. */
interface ContactFact {
  kind: 'phone' | 'email';
  setAt: string;
  entered: Provenance;
  /** The device it was set from, if a borrower device. */
  deviceId?: string;
  /** The latest "was me" through it, or a face check for the change. */
  verifiedAt?: string;
}

/** What the account knows of a card it has had, bound or not: holder and bank do not change. */
export interface CardFact {
  first6?: string;
  last4: string;
  issuer?: string;
  holderHash?: string;
  firstBoundAt: string;
}

/** How strong a consent is, from the strongest: see `consentStrength`. */
export type ConsentStrength = 'face' | 'otp-trusted-contact' | 'otp-on-file' | 'otp-untrusted-contact' | 'esign' | 'esign-untrusted-contact' | 'merchant-captured' | 'none';

interface BoundCard {
  first6?: string;
  last4: string;
  issuer?: string;
  /** A hash, not the name: rules only compare names, and state should hold no more PII than it needs. */
  holderHash?: string;
  boundAt: string;
}

interface LoanRecord {
  loanId: string;
  at: string;
  amountMinor: number;
  /** Absent in states stored before it was kept. */
  currency?: string;
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
  /** An event from an IP the account had not seen before it. */
  newIp?: boolean;
  /** A contact change that replaced an existing phone or email, rather than setting the first one. */
  replaced?: boolean;
  /** For consents: OTP, face or e-signature (absent in states stored before it was kept: OTP). */
  method?: string;
  cardRef?: string;
  purpose?: string;
  subjectId?: string;
}

/** Email resets kept per account: an intruder's among them whatever the borrower resets afterwards. */
const RESETS_KEPT = 8;

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
  /** Every borrower device, with its provenance and re-verification. */
  devices: Record<string, DeviceFact>;
  ips: Record<string, Sighting>;
  cards: Record<string, BoundCard>;
  /** Cards unbound recently, kept so a swap can compare holder and issuer. */
  unboundCards: Record<string, BoundCard & { unboundAt: string }>;
  loans: LoanRecord[];
  document?: { documentType: string; expiresOn: string; updatedAt: string };
  /** Contact kinds the account has had, so that setting a first phone or email is not a "change". */
  contactKinds: ('phone' | 'email')[];
  /** Version of this shape; `upgradeState` brings older rows up to `STATE_VERSION`. */
  version?: number;
  /** The earliest event the account has: how long its unchanged contacts have been on file. */
  since?: string;
  /** Phone numbers and emails, in the order they were set, with their provenance. */
  contacts: ContactFact[];
  /** Every card the account has had, bound or unbound: a swap is judged against the old card's holder and bank however long ago it was bound. */
  cardBook: Record<string, CardFact>;
  /** Recent events in event-time order, whatever order they arrived in. */
  recent: Trace[];
  /**
   * The last password reset by staff that no strong consent of the borrower stood behind, and the
   * address it came from: a device the account has never seen that then logs in from the staff's
   * own network is whoever the staff handed the password to (a colleague, a collector at the same
   * desk), not the borrower, until re-verified. A borrower who called the hotline logs in from home.
   */
  staffReset?: { at: string; ip?: string };
  /**
   * The last `RESETS_KEPT` password resets by email the borrower's side asked for, and from which
   * device: a mailbox that let a device the account did not trust reset the password is read by
   * someone else too (`stepUpAvoids`). Kept apart from `recent`, which a few hundred logins would
   * otherwise wash them out of. Absent in states stored before they were kept.
   */
  emailResets?: { at: string; deviceId?: string }[];
  /**
   * The last time the borrower's notices were narrowed (a channel dropped, quiet hours set) by staff,
   * a partner or a device the account does not trust: what an intruder does so that the borrower
   * does not hear of what comes next.
   */
  silenced?: { at: string; by: 'staff' | 'partner' | 'untrusted-device' };
}

// Bounds keep a row small whatever an account does; the longest rule window is well inside them.
export const STATE_LIMITS = { devices: 64, ips: 64, loans: 50, recent: 200, recentDays: 30, unboundCards: 10, contacts: 16, cardBook: 32 };
export type StateLimits = typeof STATE_LIMITS;

/** A pause longer than this ends a burst of activity; the next event starts another. */
export const SESSION_GAP_MS = 6 * 3_600_000;

/** No trimming: for a state built from a bounded window of recorded events. */
const UNBOUNDED: StateLimits = {
  devices: Infinity,
  ips: Infinity,
  loans: Infinity,
  recent: Infinity,
  recentDays: Infinity,
  unboundCards: Infinity,
  contacts: Infinity,
  cardBook: Infinity,
};

/** The shape's version: 2 added provenance (devices' `entered`, `contacts`, `cardBook`, `since`). */
const STATE_VERSION = 2;

/** How long after it was set a contact no one disputed counts as on file for long: an OTP to it is the borrower's. */
export const TRUSTED_CONTACT_DAYS = 30;

/** A consent for an event counts within this span before it and this grace after. */
export const CONSENT_WINDOW_MS = 30 * 60_000;
export const CONSENT_GRACE_MS = 60_000;

/**
 * Whether the event's device is the borrower's: a support agent's console or a system job acts
 * on the account from a device that is neither learned nor judged as one of the borrower's.
 */
export const onBorrowerDevice = (event: Pick<AccountEvent, 'actor' | 'channel'>): boolean =>
  event.actor.kind !== 'agent' && event.actor.kind !== 'system' && event.channel !== 'support' && event.channel !== 'system';

export function emptyAccountState(accountId: string): AccountState {
  return {
    accountId,
    eventCount: 0,
    devices: {},
    ips: {},
    cards: {},
    unboundCards: {},
    loans: [],
    recent: [],
    contactKinds: [],
    version: STATE_VERSION,
    contacts: [],
    cardBook: {},
  };
}

/**
 * Fills fields added to the state after a row was written, so old rows read as current ones. A
 * version 1 row knew no provenance: its devices read as `legacy` (trusted by age, as they were), its
 * contact kinds as legacy contacts set when the account began, and its cards, bound and recently
 * unbound, go into the card book.
 */
export function upgradeState(stored: Partial<AccountState> & { accountId: string }): AccountState {
  const state: AccountState = { ...emptyAccountState(stored.accountId), ...stored };
  if ((stored.version ?? 1) >= STATE_VERSION) return state;
  const firstSeen = Object.values(state.devices).map((d) => d.firstSeenAt);
  const loansAt = state.loans.map((l) => l.at);
  const earliest = [...firstSeen, ...loansAt, ...state.recent.map((t) => t.at)].sort()[0];
  state.since = stored.since ?? earliest;
  state.contacts = stored.contacts ?? state.contactKinds.map((kind) => ({ kind, setAt: earliest ?? '1970-01-01T00:00:00.000Z', entered: 'legacy' as const }));
  const book: Record<string, CardFact> = { ...(stored.cardBook ?? {}) };
  for (const [ref, card] of [...Object.entries(state.unboundCards), ...Object.entries(state.cards)]) {
    book[ref] ??= { first6: card.first6, last4: card.last4, issuer: card.issuer, holderHash: card.holderHash, firstBoundAt: card.boundAt };
  }
  state.cardBook = book;
  state.version = STATE_VERSION;
  return state;
}

export const holderHash = (name: string | undefined): string | undefined =>
  name ? createHash('sha256').update(name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()).digest('hex').slice(0, 16) : undefined;

const later = (a: string | undefined, b: string): string => (a && a > b ? a : b);
const earlier = (a: string | undefined, b: string): string => (a && a < b ? a : b);

/** Records a sighting in `map`, which the caller owns; drops the stalest past `limit`. */
function recordSighting<S extends Sighting>(map: Record<string, S>, key: string, at: string, limit: number, fresh?: Partial<S>, kept?: (sighting: S) => boolean): void {
  const known = map[key];
  if (known && known.firstSeenAt <= at && known.lastSeenAt >= at) return;
  // A new object, never a changed one: a rule's evidence or another state may still hold the old.
  map[key] = { ...(known ?? fresh), firstSeenAt: earlier(known?.firstSeenAt, at), lastSeenAt: later(known?.lastSeenAt, at) };
  if (known) return;
  const keys = Object.keys(map);
  if (keys.length <= limit) return;
  // Sightings the caller keeps are evicted only when nothing else can go.
  const evictable = kept ? keys.filter((k) => !kept(map[k])) : keys;
  const from = evictable.length > 0 ? evictable : keys;
  delete map[from.reduce((a, b) => (map[a].lastSeenAt <= map[b].lastSeenAt ? a : b))];
}

/** A device that gave a takeover signal and was not re-verified after it. */
const underTakeoverMark = (d: DeviceFact): boolean => signalledTakeover(d, LATEST) || deniedByBorrower(d, LATEST);

/** Later than any event time: for a mark that stands whatever time it is read at. */
const LATEST = '9999-12-31T23:59:59.999Z';

const verifiedBy = (fact: DeviceFact, at: string): string | undefined => (fact.verifiedAt !== undefined && fact.verifiedAt <= at ? fact.verifiedAt : undefined);

/** As of `at`, the device gave a takeover signal and was not re-verified since. */
export function signalledTakeover(fact: DeviceFact, at: string): boolean {
  const verified = verifiedBy(fact, at);
  return fact.takeoverAt !== undefined && fact.takeoverAt <= at && !(verified !== undefined && verified >= fact.takeoverAt);
}

/** As of `at`, the borrower answered "not me" about what the device did and it was not re-verified after. */
function deniedByBorrower(fact: DeviceFact, at: string): boolean {
  const verified = verifiedBy(fact, at);
  return fact.deniedAt !== undefined && fact.deniedAt <= at && !(verified !== undefined && verified > fact.deniedAt);
}

/** How long after a staff reset an unseen device logging in is taken for whoever was handed the password. */
const STAFF_HANDOVER_MS = 72 * 3_600_000;

/** A device earns trust by age after this, unless it gave a takeover signal first. */
const DEVICE_ESTABLISHED_HOURS = 24;

/**
 * Where a device stands at `at`: `takeover` once it gave a takeover signal and until it is
 * re-verified; `verified` after a face check or a "was me"; otherwise by its sightings. Facts later
 * than `at` are ignored, so a state that knows more (a deferred judgement's) answers alike.
 */
export type DeviceStanding = 'takeover' | 'verified' | 'unknown' | 'new' | 'stale' | 'established';

export function deviceStanding(
  fact: DeviceFact | undefined,
  at: string,
  { establishedAfterHours = DEVICE_ESTABLISHED_HOURS, lookbackDays = Infinity }: { establishedAfterHours?: number; lookbackDays?: number } = {},
): DeviceStanding {
  if (!fact || fact.firstSeenAt > at) return 'unknown';
  // A "not me" says someone else held the device: a takeover, lifted only by a re-verification after it.
  if (signalledTakeover(fact, at) || deniedByBorrower(fact, at)) return 'takeover';
  if (verifiedBy(fact, at)) return 'verified';
  const t = Date.parse(at);
  if (t - Date.parse(fact.firstSeenAt) < establishedAfterHours * 3_600_000) return 'new';
  if (t - Date.parse(fact.lastSeenAt) > lookbackDays * 86_400_000) return 'stale';
  return 'established';
}

/** The phone or email in effect at `at`: the last one set no later than it. */
export function contactAt(state: Pick<AccountState, 'contacts'>, kind: 'phone' | 'email', at: string): ContactFact | undefined {
  let found: ContactFact | undefined;
  for (const c of state.contacts) if (c.kind === kind && c.setAt <= at) found = c;
  return found;
}

const UNTRUSTED_ENTRY: readonly Provenance[] = ['takeover', 'support', 'partner', 'unvouched'];

/**
 * Whether a contact could pass on the borrower's consent at `at`: `untrusted` when it came through
 * a takeover, support without consent or a partner and was not re-verified since; `long` when it
 * has been on file for `TRUSTED_CONTACT_DAYS` (an account's contact never changed in its whole
 * recorded history counts from the account's first event); `on-file` otherwise.
 */
export type ContactStanding = 'long' | 'on-file' | 'untrusted';

export function contactStanding(state: Pick<AccountState, 'contacts' | 'since'>, kind: 'phone' | 'email', at: string): { standing: ContactStanding; since?: string } {
  const fact = contactAt(state, kind, at);
  const since = fact ? (fact.entered === 'first' || fact.entered === 'legacy' ? earlier(state.since, fact.setAt) : fact.setAt) : state.since;
  if (fact && UNTRUSTED_ENTRY.includes(fact.entered) && !(fact.verifiedAt && fact.verifiedAt <= at)) return { standing: 'untrusted', since };
  if (since && Date.parse(at) - Date.parse(since) >= TRUSTED_CONTACT_DAYS * 86_400_000) return { standing: 'long', since };
  return { standing: 'on-file', since };
}

/**
 * How strong a consent was: face; an OTP by the standing of the phone it went to; an e-signature by
 * the standing of the email its link went to; whatever its method, one a partner recorded itself
 * is the partner's word.
 */
export function consentStrength(state: Pick<AccountState, 'contacts' | 'since'>, consent: Pick<Trace, 'method' | 'at'> & Partial<Pick<Trace, 'actorKind'>>): ConsentStrength {
  // Recorded by a partner or merchant, on its own terminal: the word of the party the loan pays, not the borrower's.
  if (consent.actorKind === 'partner') return 'merchant-captured';
  if (consent.method === 'face') return 'face';
  if (consent.method === 'esign') return contactStanding(state, 'email', consent.at).standing === 'untrusted' ? 'esign-untrusted-contact' : 'esign';
  const { standing } = contactStanding(state, 'phone', consent.at);
  return standing === 'long' ? 'otp-trusted-contact' : standing === 'untrusted' ? 'otp-untrusted-contact' : 'otp-on-file';
}

/** Consents a change of contact can stand on: a face check, or an OTP to a contact the account trusts. */
const STRONG_FOR_CHANGE: readonly ConsentStrength[] = ['face', 'otp-trusted-contact', 'otp-on-file'];

/** A strong `contact.change` consent within the consent window of `at`. */
function consentedChange(state: AccountState, at: string): boolean {
  const t = Date.parse(at);
  return state.recent.some(
    (c) =>
      c.type === 'consent.verified' &&
      c.purpose === 'contact.change' &&
      c.actorKind === 'borrower' &&
      Date.parse(c.at) >= t - CONSENT_WINDOW_MS &&
      Date.parse(c.at) <= t + CONSENT_GRACE_MS &&
      STRONG_FOR_CHANGE.includes(consentStrength(state, c)),
  );
}

/** Marks a device as having given a takeover signal at `at`: a new object, as ever. */
function markTakeover(state: AccountState, deviceId: string, at: string): void {
  const fact = state.devices[deviceId];
  if (fact && !(fact.takeoverAt && fact.takeoverAt <= at)) state.devices[deviceId] = { ...fact, takeoverAt: at };
}

function recordContact(state: AccountState, event: EventOf<'contact.changed'>, trustedActor: boolean, limits: StateLimits): void {
  const at = event.occurredAt;
  const kind = event.payload.kind;
  // Folded again onto long-lived facts that already hold it (a deferred judgement's state): kept as first judged.
  if (state.contacts.some((c) => c.kind === kind && c.setAt === at)) return;
  const replaced = state.contacts.some((c) => c.kind === kind && c.setAt < at) || state.contactKinds.includes(kind);
  const deviceId = event.device && onBorrowerDevice(event) ? event.device.id : undefined;
  const consented = consentedChange(state, at);
  let entered: Provenance;
  if (!replaced) entered = firstEntry(state, event, deviceId, consented || trustedActor);
  else if (partnerOf(event.channel) || event.actor.kind === 'partner') entered = 'partner';
  else if (event.channel === 'support' || event.actor.kind === 'agent') entered = consented ? 'support-consented' : 'support';
  else if (consented || trustedActor) entered = 'trusted';
  else entered = deviceId ? 'takeover' : 'new';
  const fact: ContactFact = { kind, setAt: at, entered, ...(deviceId ? { deviceId } : {}) };
  let i = state.contacts.length;
  while (i > 0 && state.contacts[i - 1].setAt > at) i--;
  state.contacts.splice(i, 0, fact);
  state.contacts.splice(0, Math.max(0, state.contacts.length - limits.contacts));
  if (entered === 'takeover' && deviceId) markTakeover(state, deviceId, at);
}

/**
 * How a contact of a kind the account never had came: at sign-up, or later from the borrower's own
 * ways in, it is the borrower's; later from support without consent, a partner, or a device with
 * nothing to vouch for it, it is whoever set it's, until re-verified.
 */
function firstEntry(state: AccountState, event: EventOf<'contact.changed'>, deviceId: string | undefined, vouched: boolean): Provenance {
  if (partnerOf(event.channel) || event.actor.kind === 'partner') return 'partner';
  if (event.channel === 'support' || event.actor.kind === 'agent') return vouched ? 'support-consented' : 'support';
  const otherWayIn = Object.keys(state.devices).some((id) => id !== deviceId);
  return deviceId && otherWayIn && !vouched ? 'unvouched' : 'first';
}

/**
 * A strong consent for a contact change that arrived after the change it authorised: the change
 * becomes the borrower's, and the device that made it is cleared of the takeover it was taken for.
 */
function applyLateChangeConsent(state: AccountState, consent: Trace): void {
  if (!STRONG_FOR_CHANGE.includes(consentStrength(state, consent))) return;
  const t = Date.parse(consent.at);
  state.contacts = state.contacts.map((c) => {
    const covered = Date.parse(c.setAt) >= t - CONSENT_GRACE_MS && Date.parse(c.setAt) <= t + CONSENT_WINDOW_MS;
    if (!covered || (c.entered !== 'takeover' && c.entered !== 'support')) return c;
    if (c.deviceId && state.devices[c.deviceId]?.takeoverAt === c.setAt) {
      const { takeoverAt: _cleared, ...device } = state.devices[c.deviceId];
      state.devices[c.deviceId] = device;
    }
    return { ...c, entered: c.entered === 'support' ? 'support-consented' : 'trusted' };
  });
}

function boundCard(card: CardRef, at: string): BoundCard {
  return { first6: card.first6, last4: card.last4, issuer: card.issuer, holderHash: holderHash(card.holderName), boundAt: at };
}

export function cardFact(card: CardRef, at: string): CardFact {
  return { first6: card.first6, last4: card.last4, issuer: card.issuer, holderHash: holderHash(card.holderName), firstBoundAt: at };
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
    const ip = event.device.ip;
    if (ip) t.newIp = Object.keys(state.ips).some((other) => other !== ip) && (!state.ips[ip] || state.ips[ip].firstSeenAt >= event.occurredAt);
  }
  if ('card' in event.payload) t.cardRef = event.payload.card.ref;
  if (event.type === 'consent.verified') {
    t.purpose = event.payload.purpose;
    t.subjectId = event.payload.subjectId;
    t.method = event.payload.method;
  }
  if (event.type === 'loan.opened') t.subjectId = event.payload.loanId;
  if (event.type === 'contact.changed') {
    const kind = event.payload.kind;
    t.replaced = state.contactKinds.includes(kind) || state.contacts.some((c) => c.kind === kind && c.setAt < event.occurredAt);
  }
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
    contacts: [...state.contacts],
    cardBook: { ...state.cardBook },
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
  // Sentinel's own record of an answer: it teaches trust, but is no activity of the account's.
  if (event.type === 'borrower.answered') return foldAnswer(state, event);
  insertRecent(state.recent, trace(state, event), limits);
  state.eventCount += 1;
  if (!state.lastActivityAt || Date.parse(at) - Date.parse(state.lastActivityAt) > SESSION_GAP_MS) {
    state.session = { startedAt: at, ...(state.lastActivityAt ? { idleSince: state.lastActivityAt } : {}) };
  }
  state.lastActivityAt = later(state.lastActivityAt, at);
  state.since = earlier(state.since, at);
  state.version = STATE_VERSION;
  const deviceId = event.device && onBorrowerDevice(event) ? event.device.id : undefined;
  // Judged before this event's own sighting: what the device was when it acted.
  const trustedActor = deviceId !== undefined && ['verified', 'established'].includes(deviceStanding(state.devices[deviceId], at));
  if (deviceId) {
    const unseen = !state.devices[deviceId];
    const fresh: Partial<DeviceFact> = { entered: Object.keys(state.devices).length === 0 ? 'first' : 'new' };
    // A takeover mark is evidence no churn may wash away: an intruder would otherwise log in from
    // enough fresh ids to push its own device out and come back unknown.
    recordSighting(state.devices, deviceId, at, limits.devices, fresh, underTakeoverMark);
    if (unseen && handedOverByStaff(state, at, event.device!.ip)) state.devices[deviceId] = { ...state.devices[deviceId], entered: 'support', takeoverAt: at };
    if (event.device!.ip) recordSighting(state.ips, event.device!.ip, at, limits.ips);
  }
  switch (event.type) {
    case 'card.bound': {
      const ref = event.payload.card.ref;
      state.cards[ref] = boundCard(event.payload.card, at);
      recordCardFact(state, event.payload.card, at, limits);
      break;
    }
    case 'card.unbound': {
      const ref = event.payload.card.ref;
      const gone = state.cards[ref];
      delete state.cards[ref];
      // The unbind need not repeat the holder or bank: what the account learnt of the card when it was bound stands.
      const book = state.cardBook[ref];
      const fromBook: BoundCard | undefined = book && { first6: book.first6, last4: book.last4, issuer: book.issuer, holderHash: book.holderHash, boundAt: book.firstBoundAt };
      const known = gone ?? fromBook;
      const told = boundCard(event.payload.card, at);
      state.unboundCards[ref] = {
        ...(known ?? told),
        ...(known && !known.holderHash && told.holderHash ? { holderHash: told.holderHash } : {}),
        ...(known && !known.issuer && told.issuer ? { issuer: told.issuer } : {}),
        unboundAt: at,
      };
      recordCardFact(state, event.payload.card, at, limits);
      const refs = Object.keys(state.unboundCards).sort((a, b) => (state.unboundCards[a].unboundAt < state.unboundCards[b].unboundAt ? 1 : -1));
      for (const old of refs.slice(limits.unboundCards)) delete state.unboundCards[old];
      break;
    }
    case 'loan.opened': {
      // Folded again onto long-lived facts that already hold it (a deferred judgement's state).
      if (state.loans.some((l) => l.loanId === event.payload.loanId && l.at === at)) break;
      const loan: LoanRecord = {
        loanId: event.payload.loanId,
        at,
        amountMinor: event.payload.amountMinor,
        currency: event.payload.currency,
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
      recordContact(state, event, trustedActor, limits);
      if (!state.contactKinds.includes(event.payload.kind)) state.contactKinds.push(event.payload.kind);
      break;
    case 'consent.verified': {
      // A face check re-verifies the device it was made on, unless that device is under a takeover
      // mark: whoever took the account over chooses when to face the camera (a photo, a replay), so
      // a takeover is lifted only through a channel it did not touch ("was me" via a trusted contact).
      if (event.payload.method === 'face' && event.actor.kind === 'borrower' && deviceId) {
        const fact = state.devices[deviceId];
        if (fact && deviceStanding(fact, at) !== 'takeover' && !(fact.verifiedAt && fact.verifiedAt >= at)) state.devices[deviceId] = { ...fact, verifiedAt: at };
      }
      if (event.payload.purpose === 'contact.change')
        applyLateChangeConsent(
          state,
          state.recent.find((t) => t.id === event.id)!,
        );
      break;
    }
    case 'password.reset': {
      // A reset by a device not yet trusted, its code sent to a contact the account does not trust, is how a takeover starts.
      const to = event.payload.method === 'sms' ? 'phone' : event.payload.method === 'email' ? 'email' : undefined;
      if (deviceId && !trustedActor && to && contactStanding(state, to, at).standing === 'untrusted') markTakeover(state, deviceId, at);
      if (!onBorrowerDevice(event) && event.actor.kind !== 'system' && !consentedChange(state, at) && !(state.staffReset && state.staffReset.at > at))
        state.staffReset = { at, ...(event.device?.ip ? { ip: event.device.ip } : {}) };
      // Email resets only: one by SMS from a new device is what a borrower with a new phone does every
      // day, and would leave an account whose only contact is its phone nobody to ask; a swapped SIM
      // is met by asking email first.
      if (event.payload.method === 'email' && event.actor.kind === 'borrower' && onBorrowerDevice(event)) {
        state.emailResets = [...(state.emailResets ?? []), { at, ...(deviceId ? { deviceId } : {}) }].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-RESETS_KEPT);
      }
      break;
    }
    case 'preferences.updated': {
      const by =
        event.actor.kind === 'partner' || partnerOf(event.channel)
          ? 'partner'
          : !onBorrowerDevice(event)
            ? event.actor.kind === 'system'
              ? undefined
              : 'staff'
            : deviceId && !trustedActor
              ? 'untrusted-device'
              : undefined;
      if (by && narrowsNotices(state, event.payload) && !(state.silenced && state.silenced.at > at)) state.silenced = { at, by };
      break;
    }
    case 'identity.document.updated':
      if (!state.document || state.document.updatedAt <= at) {
        state.document = { documentType: event.payload.documentType, expiresOn: event.payload.expiresOn, updatedAt: at };
      }
      break;
    // Named rather than left to a default: a new event type must decide what the state keeps of it.
    case 'card.invalidated':
    case 'device.login':
      break;
  }
}

/**
 * What the borrower's applied answer to a case teaches (`borrower.answered`). A "was me" through a
 * contact on file since well before the flagged activity re-verifies the devices of the event she
 * was asked about, lifting a takeover mark, and the untrusted contacts they had set by then: she
 * vouched for them through a channel they did not touch. A "not me" marks those devices as someone
 * else's until a later re-verification, but only one the account did not trust when it acted (new,
 * unknown, stale or already marked): her own settled phone in a flatmate's hands stays hers, or
 * every later act of hers would be doubted with no way out. Each keeps the latest time, so the
 * order answers are folded in does not matter, and rules read them as of each event's time.
 */
function foldAnswer(state: AccountState, event: EventOf<'borrower.answered'>): void {
  const at = event.occurredAt;
  const vouched = new Map<string, string>();
  for (const { id, flaggedAt: told } of event.payload.devices) {
    const fact = state.devices[id];
    const flaggedAt = new Date(told).toISOString();
    if (!fact || flaggedAt > at) continue;
    if (event.payload.answer === 'me') {
      state.devices[id] = { ...fact, verifiedAt: later(fact.verifiedAt, at) };
      vouched.set(id, flaggedAt);
    } else if (!['established', 'verified'].includes(deviceStanding(fact, flaggedAt))) {
      state.devices[id] = { ...fact, deniedAt: later(fact.deniedAt, at) };
    }
  }
  if (vouched.size === 0) return;
  state.contacts = state.contacts.map((c) => {
    const until = c.deviceId ? vouched.get(c.deviceId) : undefined;
    return until && c.setAt <= until && UNTRUSTED_ENTRY.includes(c.entered) ? { ...c, verifiedAt: later(c.verifiedAt, at) } : c;
  });
}

/** Within the hand-over time of a staff reset the borrower did not consent to, on the staff's own network (`networkOf`). */
function handedOverByStaff(state: AccountState, at: string, ip: string | undefined): boolean {
  const reset = state.staffReset;
  if (!reset?.ip || !ip || reset.at > at || Date.parse(at) - Date.parse(reset.at) > STAFF_HANDOVER_MS) return false;
  return networkOf(reset.ip) === networkOf(ip);
}

/** Whether new preferences leave out a channel the account has a contact for, or set quiet hours: fewer notices reach the borrower. */
function narrowsNotices(state: AccountState, prefs: EventOf<'preferences.updated'>['payload']): boolean {
  if (prefs.quietHours) return true;
  if (!prefs.channels) return false;
  const reachable: string[] = state.contactKinds.map((kind) => (kind === 'phone' ? 'sms' : 'email'));
  return reachable.some((channel) => !(prefs.channels as readonly string[]).includes(channel));
}

function recordCardFact(state: AccountState, card: CardRef, at: string, limits: StateLimits): void {
  const known = state.cardBook[card.ref];
  const told = cardFact(card, at);
  state.cardBook[card.ref] = known
    ? {
        ...known,
        first6: known.first6 ?? told.first6,
        issuer: known.issuer ?? told.issuer,
        holderHash: known.holderHash ?? told.holderHash,
        firstBoundAt: earlier(known.firstBoundAt, at),
      }
    : told;
  const refs = Object.keys(state.cardBook);
  if (refs.length <= limits.cardBook) return;
  delete state.cardBook[refs.reduce((a, b) => (state.cardBook[a].firstBoundAt <= state.cardBook[b].firstBoundAt ? a : b))];
}

/**
 * The long-lived facts of an account, as a state to fold a window's events onto: its devices with
 * their provenance, its contacts, the cards it has had with holder and bank, its loans, and how long
 * it has been known. Nothing of its recent events: those the window brings.
 */
function longLivedFacts(known: AccountState): AccountState {
  const base = emptyAccountState(known.accountId);
  const devices: Record<string, DeviceFact> = {};
  // Sightings are kept, their first sighting only: a deferred judgement must not see a device as
  // recently active because of what it did after the event judged.
  for (const [id, d] of Object.entries(known.devices)) devices[id] = { ...d, lastSeenAt: d.firstSeenAt };
  // Loans are kept for the habit a deferred judgement measures against (each rule reads those up to
  // the event's own time); the window's own loans fold onto them once, by loan id.
  return {
    ...base,
    since: known.since,
    devices,
    contacts: [...known.contacts],
    cardBook: { ...known.cardBook },
    loans: [...known.loans],
    contactKinds: [],
    ...(known.emailResets ? { emailResets: [...known.emailResets] } : {}),
  };
}

/**
 * The state that the given events fold into, in event-time order, with nothing trimmed: what a
 * deferred judgement sees of the recorded events around its own, whatever order they arrived in
 * and however far the account has moved on since. With `known` (the account's current state), it
 * starts from the account's long-lived facts, so a card bound months before the window keeps its
 * holder and bank and a device keeps how it came; every fact carries its time, and the rules read
 * them as of the event's own.
 */
export function stateAround(accountId: string, events: readonly AccountEvent[], known?: AccountState): AccountState {
  const state = known ? longLivedFacts(known) : emptyAccountState(accountId);
  for (const event of [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0))) fold(state, event, UNBOUNDED);
  return state;
}
