import type { DeliveryChannel, Recipient } from '@sentinel/persistence';

/**
 * Addresses told per alert and channel: the current one and the most recently replaced. Each is a
 * send, so an account that piled up replaced contacts (a contact.changed per second) would
 * otherwise make every alert behind its own on the partition wait for hundreds of sends.
 */
export const MAX_RECIPIENTS_PER_CHANNEL = 3;

export const CHANNELS = ['email', 'sms'] as const;

/**
 * A notice's channels from stored preferences, each once and only known ones: preferences stored
 * before the contract refused repeats may hold "email" 7,000 times, and each copy was a message
 * planned, claimed and logged. None left means no usable preference: every channel.
 */
export function noticeChannels(stored: readonly string[] | undefined): DeliveryChannel[] {
  const known = CHANNELS.filter((channel) => stored?.includes(channel));
  return known.length ? known : [...CHANNELS];
}

/**
 * Who hears of an alert on one channel: the current contacts first, then the most recently
 * replaced, at most MAX_RECIPIENTS_PER_CHANNEL; `dropped` says how many were left out.
 */
export function recipientsFor(contacts: readonly Recipient[], channel: DeliveryChannel): { recipients: Recipient[]; dropped: number } {
  const all = contacts.filter((r) => r.channel === channel);
  const ordered = [...all.filter((r) => !r.previous), ...all.filter((r) => r.previous).sort((a, b) => (b.replacedAt?.getTime() ?? 0) - (a.replacedAt?.getTime() ?? 0))];
  return { recipients: ordered.slice(0, MAX_RECIPIENTS_PER_CHANNEL), dropped: Math.max(0, ordered.length - MAX_RECIPIENTS_PER_CHANNEL) };
}

/**
 * The channels a single message may take, in the order it tries them: the borrower's preferred
 * ones first, then email before SMS (SMS is what a SIM swap takes over).
 */
const singleMessageOrder = (preferred: readonly string[] | undefined): DeliveryChannel[] => [
  ...CHANNELS.filter((c) => preferred?.includes(c)),
  ...CHANNELS.filter((c) => !preferred?.includes(c)),
];

/** No address on the channel was replaced lately: a takeover changes a contact first, so a freshly changed one may be the intruder's. */
const settled = (contacts: readonly Recipient[], channel: DeliveryChannel) => !contacts.some((r) => r.channel === channel && r.previous);

/**
 * The one channel a heads-up goes to. A heads-up is a weak doubt, so it is one message, not one per
 * channel: the first settled channel with a current address, in `singleMessageOrder`. When every
 * channel changed lately, or none is on file, it goes everywhere, as a case would.
 */
export function headsUpChannels(contacts: readonly Recipient[], preferred: readonly string[] | undefined): DeliveryChannel[] {
  const channel = singleMessageOrder(preferred).find((c) => settled(contacts, c) && contacts.some((r) => r.channel === c && !r.previous));
  return channel ? [channel] : [...CHANNELS];
}

/**
 * The one contact a step-up's re-verify link goes to: a current one, on file for `trustedAgeMs`
 * before the flagged event, on a settled channel (an intruder who changed it may have waited out
 * the trusted age), not one of the alert's `untrustedChannels` (someone else asked for a password
 * reset through it), the first in `singleMessageOrder`. Only a "was me" through a contact that old
 * closes the step-up (the console's `answerOutcome`), and telling every channel doubled what an
 * honest borrower received for the one tap that counts. Null when none qualifies: then the step-up
 * goes everywhere, replaced contacts included, since the real borrower may only be reachable where
 * an intruder is not.
 */
export function stepUpRecipient(
  contacts: readonly Recipient[],
  preferred: readonly string[] | undefined,
  flaggedAt: Date,
  trustedAgeMs: number,
  untrusted: readonly string[] = [],
): Recipient | null {
  const trustedBy = flaggedAt.getTime() - trustedAgeMs;
  for (const channel of singleMessageOrder(preferred)) {
    if (untrusted.includes(channel)) continue;
    const found = settled(contacts, channel) && contacts.find((r) => r.channel === channel && !r.previous && r.since.getTime() <= trustedBy);
    if (found) return found;
  }
  return null;
}
