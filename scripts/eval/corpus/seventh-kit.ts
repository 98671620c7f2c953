import type { CardRef, Device } from '@sentinel/contracts';
import { cloudIp } from './blind-kit';
import { DAY, HOUR, MINUTE, type Origin, type StoryKit } from './story';

// Helpers for the held-out families of seventh-*.story.ts, beside those of heldout-kit.ts,
// unseen-kit.ts, blind-kit.ts, fourth-kit.ts, fifth-kit.ts and sixth-kit.ts. Written from how
// borrowers, their families and fraudsters behave on a consumer-lending platform in China, not from
// what any rule looks at: keep them free of rule names and thresholds.

/** County and township banks (rural credit unions, village banks) where a card is opened at the counter. */
const RURAL_BANKS = [
  { first6: '623059', issuer: 'HENAN-RCU' },
  { first6: '621779', issuer: 'GUANGXI-RCU' },
  { first6: '622369', issuer: 'SICHUAN-RCU' },
  { first6: '621098', issuer: 'YUNNAN-RCU' },
  { first6: '623190', issuer: 'JIANGXI-RCU' },
];

/** A card opened at a county bank's counter, in `holderName`. */
export function ruralCard(kit: StoryKit, holderName: string): CardRef {
  const bank = kit.rng.pick(RURAL_BANKS);
  return { ...kit.card(holderName), first6: bank.first6, issuer: bank.issuer };
}

/**
 * A "homebound accelerator" (回国加速器) that students and workers abroad run so that Chinese apps
 * work as at home: two to four nodes on rented servers in domestic clouds, one picked per session.
 */
export function homeboundNodes(kit: StoryKit): () => string {
  const nodes = Array.from({ length: kit.rng.int(2, 4) }, () => cloudIp(kit));
  return () => kit.rng.pick(nodes);
}

/** A public computer (an internet café's seat, a library's terminal, a print shop's PC): one id, the venue's line. */
export function publicPc(kit: StoryKit, kind: 'netbar' | 'library' | 'printshop', ip: string): Device {
  return { id: `${kind}-${kit.newId('seat')}`, ip };
}

/** The borrower on the web from a device that is not theirs. */
export const onWeb = (device: Device): Origin => ({ channel: 'web', actor: { kind: 'borrower' }, device });

/**
 * Offsets of local midnight (China time) on day `dayOfMonth` of each of the `count` months up to
 * `latest`, oldest first: when a monthly bill falls due and the next cycle opens.
 */
export function monthlyMidnights(kit: StoryKit, latest: number, count: number, dayOfMonth: number): number[] {
  const out: number[] = [];
  for (let t = latest; out.length < count && t > latest - (count + 1) * 32 * DAY; t -= DAY) {
    const date = kit.dateAt(t + 8 * HOUR);
    if (Number(date.slice(8, 10)) === dayOfMonth) out.unshift(kit.atLocalHour(t, 0));
  }
  return out;
}

/** Freight, cold-chain and packaging partners a produce buyer pays for trucks, cold storage and boxes. */
export const PRODUCE_PARTNERS = ['huolala-freight', 'sf-cold-chain', 'jd-cold-logistics', 'yunmanman-trucks', 'carton-pack-mall'];

/** Partners whose goods a scammer can resell at once or take as codes. */
export const GIFT_CODE_PARTNERS = ['egift-card-hub', 'game-coin-store', 'phone-credit-topup', 'jd-ecard'];

/** A moment within the afternoon nap or the evening TV of a household, local time, on the day of `offset`. */
export const quietHourOf = (kit: StoryKit, offset: number) => kit.atLocalHour(offset, kit.rng.chance(0.6) ? kit.rng.between(13, 15.5) : kit.rng.between(19.5, 21.5));

/** `n` moments spread over a span, each jittered: a rhythm that is not a clock's. */
export function spread(kit: StoryKit, from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((i + kit.rng.between(0.15, 0.85)) / n) * (to - from));
}

/** A few minutes to an hour later, capped to stay before the story's end. */
export const soonAfter = (kit: StoryKit, offset: number, min = 1, max = 60) => Math.min(-MINUTE, offset + kit.rng.int(min, max) * MINUTE);
