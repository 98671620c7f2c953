import type { CardRef, Device } from '@sentinel/contracts';
import { type Borrower, HOUR, type LoanTerms, type Origin, SECOND, type StoryKit } from './story';

// Helpers for the held-out families of unseen-*.story.ts, beside those of heldout-kit.ts. Written
// from how borrowers, their families and fraudsters behave on a consumer-lending platform in China,
// not from what any rule looks at: keep them free of rule names and thresholds.

/** Given names for a relative who shares the borrower's surname. */
const RELATIVE_GIVEN = ['建国', '国强', '志刚', '春梅', '玉兰', '海燕', '小龙', '子豪', '浩然', '梓涵', '雨桐', '文博', '秀兰', '德明'];

/** A relative's name: the borrower's surname (one character in this kit), another given name. */
export function sameSurname(kit: StoryKit, name: string): string {
  for (;;) {
    const relative = name.slice(0, 1) + kit.rng.pick(RELATIVE_GIVEN);
    if (relative !== name) return relative;
  }
}

/** First octets of CERNET, the education network universities sit behind. */
const CAMPUS_NETWORKS = ['202.112', '202.114', '202.115', '202.117', '202.120', '219.217', '222.195', '166.111', '162.105', '59.66', '121.48'];

/** A campus's egress: one to three NAT addresses in one education-network block, which a whole campus shares. */
export function campusEgress(kit: StoryKit): string[] {
  const block = kit.rng.pick(CAMPUS_NETWORKS);
  const third = kit.rng.int(0, 250);
  return Array.from({ length: kit.rng.int(1, 3) }, (_, i) => `${block}.${third + i}.${kit.rng.int(1, 254)}`);
}

/** Banks that issue universities' co-branded student cards. */
const CAMPUS_BANKS = [
  { first6: '621661', issuer: 'BOC' },
  { first6: '622202', issuer: 'ICBC' },
  { first6: '621700', issuer: 'CCB' },
];

/** The university's co-branded card, in the student's own name: one bank and BIN for the whole campus. */
export function campusCard(kit: StoryKit, holderName: string, bankIndex: number): CardRef {
  const bank = CAMPUS_BANKS[bankIndex % CAMPUS_BANKS.length];
  return { ...kit.card(holderName), first6: bank.first6, issuer: bank.issuer };
}

export const campusBankIndex = (kit: StoryKit) => kit.rng.int(0, CAMPUS_BANKS.length - 1);

/**
 * Partners whose goods resell at once (phone credit, game coins, e-gift cards, phones): what
 * someone spending another person's credit line buys. The partners themselves are honest.
 */
export const RESALE_PARTNERS = ['phone-credit-topup', 'game-coin-store', 'egift-card-hub', 'phone-outlet-flagship'];

/** Partners with in-app checkouts where a festival's shopping happens; none preys on anyone. */
export const FESTIVAL_PARTNERS = ['tmall-store', 'jd-mall', 'pdd-shop', 'vipshop', 'suning', 'dewu-app', 'uniqlo-cn', 'xiaohongshu-shop'];

/** Partners where students buy a laptop or phone at the start of term. */
export const CAMPUS_PARTNERS = ['jd-mall', 'suning', 'edu-apple-reseller', 'pdd-shop'];

/** A partner's checkout, run on `device`: the borrower's own phone (in-app) or the shop's terminal. */
export function checkout(merchantId: string, device: Device): Origin {
  return { channel: `partner:${merchantId}`, actor: { kind: 'partner', id: merchantId }, device };
}

/** `count` different entries of `list`, in a random order. */
export function several<T>(kit: StoryKit, list: readonly T[], count: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(kit.rng.int(0, pool.length - 1), 1)[0]);
  return out;
}

/** An amount near `usual` times `factor`, in whole yuan (as fen). */
export const scaled = (usual: number, factor: number) => Math.max(100, Math.round((usual * factor) / 100) * 100);

/** A brand-new phone (bought, or the handset a carrier's plan comes with). */
export const freshPhoneId = (kit: StoryKit) => kit.newId(kit.rng.pick(['huawei', 'honor', 'oppo', 'vivo', 'redmi', 'iphone']));

/** The borrower in the app on the phone `deviceId`, on the network `ip`. */
export function inApp(deviceId: string, ip: string): Origin {
  return { channel: 'app', actor: { kind: 'borrower' }, device: { id: deviceId, ip } };
}

/**
 * A loan with a consent whose method the story fixes (what the person at the keys can pass): the
 * consent usually seconds to minutes before, sometimes seconds after the loan event; with the loan's
 * id as subject most of the time. Returns the loan id.
 */
export function loanConsented(
  kit: StoryKit,
  b: Borrower,
  offset: number,
  origin: Origin,
  terms: LoanTerms,
  method: 'otp' | 'face' | 'esign',
  consentOrigin: Origin = origin,
): string {
  const loanId = kit.newId('loan');
  const gap = kit.rng.chance(0.25) ? kit.rng.int(1, 40) * SECOND : -kit.rng.int(5, 240) * SECOND;
  b.consent(Math.min(0, offset + gap), 'loan', kit.rng.chance(0.7) ? loanId : undefined, consentOrigin, method);
  return b.loan(offset, origin, terms, loanId);
}

/** The first moment after `offset` at which the local clock reads `hour`. */
export function nextLocalHour(kit: StoryKit, offset: number, hour: number): number {
  const at = kit.atLocalHour(offset, hour);
  return at > offset ? at : at + 24 * HOUR;
}
