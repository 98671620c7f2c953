import { type Borrower, DAY, HOUR, MINUTE, type Origin, SECOND, type StoryKit } from './story';

// Helpers for the held-out families of fifth-*.story.ts, beside those of heldout-kit.ts,
// unseen-kit.ts, blind-kit.ts and fourth-kit.ts. Written from how borrowers, their families and
// fraudsters behave on a consumer-lending platform in China, not from what any rule looks at: keep
// them free of rule names and thresholds.

/** The role of a story's i-th account: a, b, c… */
export const nth = (i: number) => String.fromCharCode(97 + i);

/** The hour (0 to 24, fractional) on the clock in China at an offset. */
export const localHourAt = (kit: StoryKit, offset: number) => (offset - kit.atLocalHour(offset, 0)) / HOUR;

/**
 * "长期": a resident ID issued to someone over 46 never expires; platforms store the open end as a
 * far date.
 */
export const LONG_TERM_ID = '2099-12-31';

/** The carriers' IPv6 blocks (China Telecom, China Unicom, China Mobile). */
const V6_CARRIERS = ['240e', '2408', '2409'];

/**
 * A handset on one carrier's 4G or 5G data over IPv6, as most mobile traffic in China now runs:
 * the carrier's block and region stay, the rest is new at every attach, so no two sessions share
 * an address.
 */
export function mobileV6(kit: StoryKit): () => string {
  const carrier = kit.rng.pick(V6_CARRIERS);
  const region = kit.rng.hex(4);
  return () => [carrier, region, kit.rng.hex(4), kit.rng.hex(4), kit.rng.hex(4), kit.rng.hex(4), kit.rng.hex(4), kit.rng.hex(4)].join(':');
}

/** Blocks of Hong Kong's fixed and mobile carriers (PCCW/HKT, HKBN, China Mobile Hong Kong, SmarTone, Hutchison). */
const HONG_KONG_BLOCKS = ['218.102', '219.77', '112.118', '42.2', '113.252', '118.140', '203.218', '14.136', '58.176', '223.18'];

/** An address in Hong Kong: an office's line, or a Hong Kong SIM's data. */
export const hongKongIp = (kit: StoryKit) => `${kit.rng.pick(HONG_KONG_BLOCKS)}.${kit.rng.int(0, 255)}.${kit.rng.int(1, 254)}`;

/** A mailbox at one of the big free providers. */
export const mailbox = (kit: StoryKit, kind: string) =>
  `${kit.newId(kind).toLowerCase()}@${kit.rng.pick(['163.example', 'qq.example', '126.example', 'foxmail.example', 'sina.example'])}`;

export interface Enrolment {
  /** Where each later session happens: the device and network of whoever sets the account up and uses it. */
  on: () => Origin;
  /** Where the sign-up happens, when not where `on` says. */
  first?: Origin;
  documentType?: 'resident_id' | 'passport' | 'other';
  expiresOn?: string;
  /** The mailbox put on file at sign-up, if any. */
  email?: string;
  /** Days between later logins: from, to. */
  every?: [number, number];
}

/**
 * An account opened wherever the story says (a lecture hall, a son's phone, a village shop's
 * tablet, a permit holder's phone): a login, the phone number, sometimes an email, an identity
 * document of the given type, the borrower's card bound with a code or a face, then a login now and
 * then until `untilOffset`.
 */
export function enrol(kit: StoryKit, b: Borrower, sinceOffset: number, untilOffset: number, enrolment: Enrolment): void {
  const { on, first, documentType = 'resident_id', expiresOn, email, every = [3, 12] } = enrolment;
  const o = first ?? on();
  b.login(sinceOffset, o, kit.rng.pick(['otp', 'password'] as const));
  b.emit('contact.changed', sinceOffset + kit.rng.int(1, 5) * MINUTE, { kind: 'phone', value: b.phoneNumber }, o);
  if (email) b.emit('contact.changed', sinceOffset + 6 * MINUTE, { kind: 'email', value: email }, o);
  b.emit(
    'identity.document.updated',
    sinceOffset + kit.rng.int(7, 11) * MINUTE,
    {
      documentType,
      numberLast4: documentType === 'resident_id' ? `${kit.rng.digits(3)}${kit.rng.pick(['3', '7', '9', 'X'])}` : kit.rng.digits(4),
      expiresOn: expiresOn ?? kit.dateAt(kit.rng.int(400, 3000) * DAY),
    },
    o,
  );
  const at = sinceOffset + kit.rng.int(12, 30) * MINUTE;
  b.consent(at - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.6) ? b.card.ref : undefined, o, kit.rng.chance(0.7) ? 'otp' : 'face');
  b.bind(at, b.card, o);
  for (let t = sinceOffset + kit.rng.between(1, 4) * DAY; t < untilOffset; t += kit.rng.between(every[0], every[1]) * DAY) {
    b.login(t, on(), kit.rng.pick(['password', 'otp', 'biometric'] as const));
  }
}

/** Car-rental fleets that rent cars to ride-hailing drivers by the week, with in-app checkouts. */
export const FLEET_PARTNERS = ['ruqi-fleet', 'shouqi-car-rental', 'caocao-fleet', 'dida-car-lease'];

/** Car-service chains (tyres, brakes, batteries) with tills in their garages. */
export const GARAGE_PARTNERS = ['tuhu-auto', 'jd-car-service', 'tmall-auto-care'];

/** Where a wedding's money goes: a banquet hall, gold and jewellery, a photo studio, furniture for the new flat. */
export const WEDDING_PARTNERS = ['banquet-hall-booking', 'chow-tai-fook-cn', 'laofengxiang-gold', 'wedding-photo-studio', 'red-star-furniture', 'jd-mall'];

/** Phone-repair chains and brand service centres that take instalments at their counters. */
export const REPAIR_PARTNERS = ['shanxiuxia-repair', 'huawei-service-centre', 'apple-authorised-repair', 'aihuishou-repair'];

/** A gap within one errand, in milliseconds: `min` to `max` minutes. */
export const minutes = (kit: StoryKit, min: number, max: number) => kit.rng.int(min, max) * MINUTE;
