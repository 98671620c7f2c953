import type { CardRef } from '@sentinel/contracts';
import { type Borrower, DAY, MINUTE, type Origin, personName, SECOND, type StoryKit } from './story';

// Helpers for the held-out families of sixth-*.story.ts, beside those of heldout-kit.ts,
// unseen-kit.ts, blind-kit.ts, fourth-kit.ts and fifth-kit.ts. Written from how borrowers, their
// families and fraudsters behave on a consumer-lending platform in China, not from what any rule
// looks at: keep them free of rule names and thresholds.

/** Whole yuan (as fen) between two sums of yuan in hundreds. */
export const hundredsOfYuan = (kit: StoryKit, min: number, max: number) => kit.rng.int(min, max) * 10_000;

/** A card in someone else's name: a mule's, a scammer's "finance officer", a streamer's, a clerk's. */
export const strangerCard = (kit: StoryKit): CardRef => kit.card(personName(kit.rng));

/** Rounded to whole hundreds of yuan, at most `cap` fen. */
export const capped = (fen: number, cap: number) => Math.min(cap, Math.max(10_000, Math.round(fen / 10_000) * 10_000));

/** The tail of the ID number an account has on file (a renewed card keeps the number), if any. */
export function documentTail(kit: StoryKit, accountId: string): string | undefined {
  for (let i = kit.events.length - 1; i >= 0; i--) {
    const e = kit.events[i];
    if (e.accountId === accountId && e.type === 'identity.document.updated') return e.payload.numberLast4;
  }
  return undefined;
}

/** Whether an account has an email address on file in the story so far. */
export const hasEmail = (kit: StoryKit, accountId: string) => kit.events.some((e) => e.accountId === accountId && e.type === 'contact.changed' && e.payload.kind === 'email');

export interface SignUp {
  /** Where each later session happens. */
  on: () => Origin;
  /** Where the sign-up happens, when not where `on` says. */
  first?: Origin;
  /** The mobile number given at sign-up, when not the borrower's own (a SIM someone else holds, a recycled number). */
  number?: string;
  email?: string;
  /** The card bound at sign-up, when not the borrower's own (a payroll card the agency holds). */
  card?: CardRef;
  /** The first login's method: a one-tap login through a partner's app is `sso`. */
  method?: 'password' | 'otp' | 'sso';
  /** Days between later logins: from, to. */
  every?: [number, number];
}

/**
 * An account opened wherever the story says, with the number and the card it says: a login, the
 * phone number, sometimes an email, the resident ID, the card bound with a code or a face, then a
 * login now and then until `untilOffset`.
 */
export function signUp(kit: StoryKit, b: Borrower, sinceOffset: number, untilOffset: number, s: SignUp): void {
  const o = s.first ?? s.on();
  b.login(sinceOffset, o, s.method ?? kit.rng.pick(['otp', 'password'] as const));
  b.emit('contact.changed', sinceOffset + kit.rng.int(1, 4) * MINUTE, { kind: 'phone', value: s.number ?? b.phoneNumber }, o);
  if (s.email) b.emit('contact.changed', sinceOffset + 5 * MINUTE, { kind: 'email', value: s.email }, o);
  b.emit(
    'identity.document.updated',
    sinceOffset + kit.rng.int(6, 10) * MINUTE,
    { documentType: 'resident_id', numberLast4: `${kit.rng.digits(3)}${kit.rng.pick(['1', '4', '6', 'X'])}`, expiresOn: kit.dateAt(kit.rng.int(500, 3200) * DAY) },
    o,
  );
  if (s.card) b.card = s.card;
  const at = sinceOffset + kit.rng.int(11, 25) * MINUTE;
  b.consent(at - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.6) ? b.card.ref : undefined, o, kit.rng.chance(0.7) ? 'otp' : 'face');
  b.bind(at, b.card, o);
  const [from, to] = s.every ?? [3, 12];
  for (let t = sinceOffset + kit.rng.between(1, 4) * DAY; t < untilOffset; t += kit.rng.between(from, to) * DAY) {
    b.login(t, s.on(), kit.rng.pick(['password', 'otp', 'biometric'] as const));
  }
}

/** Names a long-rent apartment operator (a "second landlord" that sublets renovated rooms) trades under. */
export const APARTMENT_BRANDS = ['xinju-apartments', 'lanbo-living', 'youke-rooms', 'anjia-lease', 'mangguo-flats', 'qingyu-residence'];

/** Names of "loan supermarket" apps: lead-generation partners paid a commission on every loan drawn by a user they brought. */
export const LEAD_BRANDS = ['daichao-hub', 'jiedian-navi', 'kuaijie-loanmart', 'xinyong-guide', 'miaodai-home'];

/** Live-streaming apps' coin top-up checkouts, where viewers buy the coins they tip with; honest partners. */
export const LIVESTREAM_PARTNERS = ['douyin-coin-topup', 'kuaishou-coin', 'huya-recharge', 'yy-live-pay', 'inke-coin'];

/** Renovation companies with showroom tills and in-app checkouts. */
export const RENOVATION_PARTNERS = ['tubatu-reno', 'dongyi-decoration', 'yezhu-home', 'jiazhuang-pro'];

/** Where a new flat's furniture and appliances come from. */
export const FURNISHING_PARTNERS = ['red-star-furniture', 'easyhome-mall', 'suning', 'jd-mall', 'ikea-cn', 'gree-store'];

/** Marketplaces whose sellers sign in with the marketplace's one-tap login. */
export const MARKETPLACES = ['taobao-seller', 'pdd-merchant', 'douyin-shop', 'kuaishou-shop'];

/** Wholesale markets where online shops buy their stock. */
export const WHOLESALE_PARTNERS = ['1688-wholesale', 'yiwugo-mall', 'hznzcn-wholesale'];

/** Appliance and phone stores in county towns. */
export const COUNTY_STORES = ['suning-county', 'gome-county', 'haier-county-store', 'oppo-county-store'];

/** A gap of `min` to `max` seconds. */
export const seconds = (kit: StoryKit, min: number, max: number) => kit.rng.int(min, max) * SECOND;
