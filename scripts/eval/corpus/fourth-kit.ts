import { type Borrower, DAY, HOUR, MINUTE, type Origin, SECOND, type StoryKit } from './story';

// Helpers for the held-out families of fourth-*.story.ts, beside those of heldout-kit.ts,
// unseen-kit.ts and blind-kit.ts. Written from how borrowers, their families and fraudsters behave
// on a consumer-lending platform in China, not from what any rule looks at: keep them free of rule
// names and thresholds.

/**
 * An account set up from whatever `on` gives, not from the borrower's own phone: a spouse's account
 * on the one smartphone of the house. Contacts, an ID document and a card in the borrower's name,
 * then a login every few days until `untilOffset`.
 */
export function onboardFrom(kit: StoryKit, b: Borrower, sinceOffset: number, untilOffset: number, on: () => Origin): void {
  const o = on();
  b.login(sinceOffset, o, 'password');
  b.emit('contact.changed', sinceOffset + kit.rng.int(1, 5) * MINUTE, { kind: 'phone', value: b.phoneNumber }, o);
  if (kit.rng.chance(0.5)) b.emit('contact.changed', sinceOffset + 6 * MINUTE, { kind: 'email', value: `${b.accountId.toLowerCase()}@example.com` }, o);
  b.emit(
    'identity.document.updated',
    sinceOffset + 10 * MINUTE,
    { documentType: 'resident_id', numberLast4: `${kit.rng.digits(3)}${kit.rng.pick(['2', '6', 'X'])}`, expiresOn: kit.dateAt(kit.rng.int(400, 3000) * DAY) },
    o,
  );
  const at = sinceOffset + kit.rng.int(12, 30) * MINUTE;
  b.consent(at - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.6) ? b.card.ref : undefined, o);
  b.bind(at, b.card, o);
  for (let t = sinceOffset + kit.rng.between(1, 5) * DAY; t < untilOffset; t += kit.rng.between(3, 12) * DAY) {
    b.login(t, on(), kit.rng.pick(['password', 'otp', 'biometric'] as const));
  }
}

/** The day of the week (0 Sunday to 6 Saturday) on the clock in China at an offset. */
export function localWeekday(kit: StoryKit, offset: number): number {
  return new Date(`${kit.dateAt(offset + 8 * HOUR)}T00:00:00Z`).getUTCDay();
}

/** Payment gateways and aggregators that connect many small shops to the platform as one partner; honest themselves. */
export const GATEWAY_PARTNERS = ['lakala-gw', 'yeepay-gw', 'sumpay-gw', 'huifu-gw'];

/** Farm-supply partners (seed, fertiliser, pesticide, machinery hire) with shops in county towns and in-app stores. */
export const AGRI_PARTNERS = ['nongfu-supply', 'huinong-mall', 'dabeinong-store', 'zhongnong-agri'];

/** Medical-payment partners whose checkouts hospitals use for deposits and fees. */
export const MEDICAL_PARTNERS = ['wedoctor-pay', 'hospital-selfpay', 'jiankang-pay'];
