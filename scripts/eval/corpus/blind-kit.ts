import { foreignIp, ownPhoneFrom } from './heldout-kit';
import { type Borrower, DAY, HOUR, MINUTE, type Origin, SECOND, type StoryKit } from './story';
import { several } from './unseen-kit';

// Helpers for the held-out families of blind-*.story.ts, beside those of heldout-kit.ts and
// unseen-kit.ts. Written from how borrowers, their families and fraudsters behave on a
// consumer-lending platform in China, not from what any rule looks at: keep them free of rule names
// and thresholds.

/** Blocks of the big domestic clouds (rented servers, cloud phones, companies' data centres). */
const CLOUD_BLOCKS = ['47.92', '47.100', '47.116', '39.96', '39.105', '121.40', '120.55', '119.29', '129.211', '42.193', '81.68', '106.14'];

/** An address on a rented server in a domestic cloud. */
export function cloudIp(kit: StoryKit): string {
  return `${kit.rng.pick(CLOUD_BLOCKS)}.${kit.rng.int(0, 255)}.${kit.rng.int(1, 254)}`;
}

/** Blocks of the carriers' mobile data networks, where the proxies of a phone farm's SIM box exit. */
const MOBILE_BLOCKS = ['223.104', '117.136', '111.30', '39.144', '120.204', '112.97', '183.192', '223.73'];

/** A mobile proxy pool: a fresh address from one to three carrier blocks at every call, as a farm's sessions get. */
export function proxyPool(kit: StoryKit): () => string {
  const blocks = several(kit, MOBILE_BLOCKS, kit.rng.int(1, 3));
  return () => `${kit.rng.pick(blocks)}.${kit.rng.int(0, 255)}.${kit.rng.int(1, 254)}`;
}

/** A company's VPN exits: two to five gateways in its data centres at home and abroad (Hong Kong, Singapore, Frankfurt). */
export function vpnGateways(kit: StoryKit): string[] {
  const gateways = Array.from({ length: kit.rng.int(2, 5) }, () => (kit.rng.chance(0.5) ? cloudIp(kit) : foreignIp(kit)));
  return [...new Set(gateways)];
}

/** An Android emulator or a cloud phone on a rented server, with a virtual camera. */
export function emulator(kit: StoryKit): Origin {
  return {
    channel: 'app',
    actor: { kind: 'borrower' },
    device: { id: kit.newId(kit.rng.pick(['emu', 'vm', 'cloudphone', 'bluestacks'])), ip: kit.rng.chance(0.7) ? cloudIp(kit) : foreignIp(kit) },
  };
}

/** The brand part of a phone's id (`huawei` in `…-huawei3`): a reinstall on the same handset keeps it. */
export const brandOf = (deviceId: string) => deviceId.replace(/^.*-([a-z]+)\d+$/, '$1');

/**
 * Offsets of `count` month ends (a day from the 25th to the 28th, China time, drawn per month) on
 * or before `latest`, oldest first: when rent, suppliers and wages fall due.
 */
export function monthEnds(kit: StoryKit, latest: number, count: number): number[] {
  const targets = new Map<string, number>();
  const out: number[] = [];
  for (let t = latest; out.length < count && t > latest - (count + 1) * 32 * DAY; t -= DAY) {
    const date = kit.dateAt(t + 8 * HOUR);
    const month = date.slice(0, 7);
    if (!targets.has(month)) targets.set(month, kit.rng.int(25, 28));
    if (Number(date.slice(8, 10)) === targets.get(month)) out.unshift(t);
  }
  return out;
}

/**
 * An account a phone farm opens and keeps: registered with a SIM from the farm's box on one phone
 * of its wall, every session behind another proxy address; the ID document and the card of the
 * person it is opened in the name of; now and then a login so that it looks used.
 */
export function farmOnboard(kit: StoryKit, b: Borrower, sinceOffset: number, untilOffset: number, proxy: () => string): void {
  const on = () => ownPhoneFrom(b, proxy());
  const o = on();
  b.login(sinceOffset, o, 'otp');
  b.emit('contact.changed', sinceOffset + kit.rng.int(1, 4) * MINUTE, { kind: 'phone', value: b.phoneNumber }, o);
  if (kit.rng.chance(0.35)) {
    b.emit(
      'contact.changed',
      sinceOffset + 5 * MINUTE,
      { kind: 'email', value: `${kit.newId('box').toLowerCase()}@${kit.rng.pick(['163.example', 'qq.example', 'sina.example'])}` },
      o,
    );
  }
  b.emit(
    'identity.document.updated',
    sinceOffset + kit.rng.int(6, 12) * MINUTE,
    { documentType: 'resident_id', numberLast4: `${kit.rng.digits(3)}${kit.rng.pick(['1', '4', '8', 'X'])}`, expiresOn: kit.dateAt(kit.rng.int(200, 2500) * DAY) },
    o,
  );
  const at = sinceOffset + kit.rng.int(13, 40) * MINUTE;
  b.consent(at - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? b.card.ref : undefined, o);
  b.bind(at, b.card, o);
  for (let t = sinceOffset + kit.rng.between(1, 4) * DAY; t < untilOffset; t += kit.rng.between(2, 10) * DAY) b.login(t, on(), kit.rng.pick(['password', 'otp'] as const));
}
