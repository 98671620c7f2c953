import type { CardRef } from '@sentinel/contracts';
import { type Borrower, DAY, ipAddress, type Origin, type StoryKit } from './story';

// Helpers the families written from the borrower's and the attacker's side share (the tuned ones of
// tuned-*.story.ts and the held-out ones of unseen-*.story.ts). They are written from what
// borrowers and attackers do, not from what any rule looks at; keep them free of rule names and
// thresholds. Stories reach back at most 300 days from their end, which itself lies up to 60 days
// before the anchor: inside the corpus's 380 days.

/** When an attack's decisive step happens: two to five days before the story ends. */
export const strikeAt = (kit: StoryKit) => -kit.rng.between(0, 3) * DAY - 2 * DAY;

/** When a look-alike's errand happens: two to five days before the story ends. */
export const errandAt = (kit: StoryKit) => -kit.rng.between(0, 3) * DAY - 2 * DAY;

/** Networks outside mainland China (hotels, local SIMs, attackers' VPN exits). */
const FOREIGN_NETWORKS = [1, 27, 43, 49, 85, 91, 103, 133, 151, 175, 176, 185, 203, 210];

export function foreignIp(kit: StoryKit): string {
  return `${kit.rng.pick(FOREIGN_NETWORKS)}.${kit.rng.int(0, 255)}.${kit.rng.int(0, 255)}.${kit.rng.int(1, 254)}`;
}

/** The card as a platform that leaves the optional holder name out of an unbind would send it. */
export function withoutHolder(card: CardRef): CardRef {
  const copy: CardRef = { ref: card.ref, last4: card.last4 };
  if (card.fingerprint) copy.fingerprint = card.fingerprint;
  if (card.first6) copy.first6 = card.first6;
  if (card.issuer) copy.issuer = card.issuer;
  return copy;
}

/** Half the time the unbind repeats the card as bound, half the time without the holder's name. */
export function asUnbound(kit: StoryKit, card: CardRef): CardRef {
  return kit.rng.chance(0.5) ? withoutHolder(card) : card;
}

/** A card at a bank other than `issuer` (draws again until it differs). */
export function cardAtAnotherBank(kit: StoryKit, holderName: string, issuer: string | undefined): CardRef {
  for (;;) {
    const card = kit.card(holderName);
    if (card.issuer !== issuer) return card;
  }
}

/** A card reissued by the same bank: same bank and holder, new number and fingerprint. */
export function reissued(kit: StoryKit, card: CardRef): CardRef {
  return { ...card, ref: kit.newId('card'), fingerprint: `fp-${kit.rng.hex(24)}`, last4: kit.rng.digits(4) };
}

/**
 * A borrower's habit: `count` consented loans of about `usual` fen, spread between two offsets,
 * from their own ways in. What "the usual amount" means for this account.
 */
export function loanHabit(kit: StoryKit, b: Borrower, usual: number, count: number, fromOffset: number, toOffset: number): void {
  for (let i = 0; i < count; i++) {
    const at = fromOffset + ((i + kit.rng.between(0.2, 0.8)) / count) * (toOffset - fromOffset);
    b.consentedLoan(at, b.usual(), { amountMinor: Math.round((usual * kit.rng.between(0.7, 1.4)) / 100) * 100, termMonths: kit.rng.pick([3, 6, 12]) });
  }
}

/** A usual loan size for a borrower with a habit: 800 to 6,000 yuan, in fen. */
export function habitualAmount(kit: StoryKit): number {
  return kit.rng.int(8, 60) * 10_000;
}

/** An origin on the borrower's own phone (same device id) from another network. */
export function ownPhoneFrom(b: Borrower, ip: string): Origin {
  return { channel: 'app', actor: { kind: 'borrower' }, device: { id: b.phone.id, ip } };
}

/** Whole days, for readable offsets. */
export const days = (kit: StoryKit, min: number, max: number) => kit.rng.between(min, max) * DAY;

/** The attacker's own phone or computer on their own line (sometimes a VPN exit abroad). */
export function attackerDevice(kit: StoryKit, channel?: 'app' | 'web'): Origin {
  return {
    channel: channel ?? (kit.rng.chance(0.5) ? 'app' : 'web'),
    actor: { kind: 'borrower' },
    device: { id: kit.newId(kit.rng.pick(['phone', 'dev', 'pc', 'tab'])), ip: kit.rng.chance(0.25) ? foreignIp(kit) : ipAddress(kit.rng) },
  };
}

/** A support seat: the agent's console on the office network. */
export function supportSeat(kit: StoryKit): Origin {
  const seat = kit.rng.int(1, 40);
  return {
    channel: 'support',
    actor: { kind: 'agent', id: `agent-${kit.rng.int(61, 99)}` },
    device: { id: `console-ws-${seat}`, ip: `61.135.${Math.floor(seat / 8)}.${10 + seat}` },
  };
}

/** A mobile number the account never had. */
export const newPhoneNumber = (kit: StoryKit) => `+861${kit.rng.pick(['3', '5', '7', '8'])}${kit.rng.digits(9)}`;
