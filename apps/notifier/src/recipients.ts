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
 * The one channel a heads-up goes to. A heads-up is a weak doubt, so it is one message, not one per
 * channel: on the borrower's preferred channel among those whose address nobody replaced lately
 * (a takeover changes a contact first, so a freshly changed one may be the intruder's), email
 * before SMS otherwise (SMS is what a SIM swap takes over). When every channel changed lately, or
 * none is on file, it goes everywhere, as a step-up or a case would.
 */
export function headsUpChannels(contacts: readonly Recipient[], preferred: readonly string[] | undefined): DeliveryChannel[] {
  const order = [...CHANNELS.filter((c) => preferred?.includes(c)), ...(['email', 'sms'] as const).filter((c) => !preferred?.includes(c))];
  const settled = order.find((channel) => contacts.some((r) => r.channel === channel && !r.previous) && !contacts.some((r) => r.channel === channel && r.previous));
  return settled ? [settled] : [...CHANNELS];
}

/**
 * The one contact a step-up's re-verify link goes to: a current one, on file for `trustedAgeMs`
 * before the flagged event, on a channel whose address nobody replaced lately. Only a "was me"
 * through a contact that old closes the step-up (the console's `answerOutcome`), and telling every
 * channel doubled what an honest borrower received for the one tap that counts; a channel changed
 * lately may be an intruder's who waited out the trusted age. Among several, the borrower's
 * preferred channel, else email before SMS (SMS is what a SIM swap takes over), as for a heads-up.
 * Null when none qualifies: then the step-up goes everywhere, replaced contacts included, since the
 * real borrower may only be reachable where an intruder is not.
 */
export function stepUpRecipient(contacts: readonly Recipient[], preferred: readonly string[] | undefined, flaggedAt: Date, trustedAgeMs: number): Recipient | null {
  const settled = (r: Recipient) => !contacts.some((other) => other.previous && other.channel === r.channel);
  const trusted = contacts.filter((r) => !r.previous && r.since.getTime() <= flaggedAt.getTime() - trustedAgeMs && settled(r));
  const order = [...CHANNELS.filter((c) => preferred?.includes(c)), ...CHANNELS.filter((c) => !preferred?.includes(c))];
  for (const channel of order) {
    const found = trusted.find((r) => r.channel === channel);
    if (found) return found;
  }
  return null;
}
