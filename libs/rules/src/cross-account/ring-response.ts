import type { Decision } from '@sentinel/contracts';
import { type AccountState, contactAt, contactStanding, deviceStanding, TRUSTED_CONTACT_DAYS } from '../account-state';
import { decide } from '../evaluate-event';
import type { RingHit } from './ring-rollup';

/**
 * What a ring hit does to its account: `step-up`, a case the borrower is asked about, which a "was
 * me" through a trusted contact closes; `case`, one for analysts, asking nobody, that no answer
 * closes; `join`, nothing of its own (under the alert band it only joins a case the account has).
 */
export type RingResponse = 'step-up' | 'case' | 'join';

type RingState = Pick<AccountState, 'contacts' | 'since' | 'devices'>;

/**
 * A shared device or network alone (the regulars of an internet café, a library's terminal) is
 * doubt about who acts, which each account's own borrower can answer: a hit of an `answerable`
 * rule is a step-up when the account had a contact on file for long (30 days, and not through a
 * takeover, support without consent or a partner unless re-verified) before the entity first
 * touched it, and every other contact then on file too (see `vouched`): the question may go to any
 * of them, and a "was me" counts only from a contact on file before the ring first acted.
 *
 * The rest is a case no answer clears:
 * - an account with no such contact when the ring reached it: the ring may have opened or
 *   redirected it, and its own phones would answer "was me" (a phone farm's accounts, a takeover
 *   that replaced the number first);
 * - every account a device reached once it had come into one of them through a takeover signal
 *   (a staff reset handed to it, a contact it replaced, a reset to a number it set): what the
 *   device did there is the linked accounts' own evidence, and a coached or frightened borrower of
 *   another account would still answer "was me". Accounts it reached before are judged as they
 *   were then, so that live and replay agree whatever was answered in between;
 * - a card on several accounts, or in another holder's name: it says where the money goes, which
 *   no answer makes safe; and any hit in the urgent band.
 *
 * Pure and order-free: each account's contacts and the device's standing are read as of that
 * account's first action through the entity, which its own events, arriving in order, fix before
 * the ring can be judged; more links only ever turn a step-up into a case.
 */
export function ringResponses(hits: readonly RingHit[], stateOf: (accountId: string) => RingState | undefined, decisions: Record<Decision, number>): RingResponse[] {
  // When each device first acted on an account it came into through a takeover signal. It counts
  // against the accounts the device reached from then on, in event time: one reached before has
  // been asked and may have answered live, and a replay must judge it as live did.
  const compromisedFrom = new Map<string, string>();
  for (const hit of hits) {
    const state = stateOf(hit.accountId);
    if (hit.entity.kind !== 'device' || !hit.touched || !state || deviceStanding(state.devices[hit.entity.value], hit.touched.at) !== 'takeover') continue;
    const since = compromisedFrom.get(ringKey(hit));
    if (since === undefined || hit.touched.at < since) compromisedFrom.set(ringKey(hit), hit.touched.at);
  }
  const compromised = (hit: RingHit): boolean => {
    const since = compromisedFrom.get(ringKey(hit));
    return since !== undefined && hit.touched !== undefined && since <= hit.touched.at;
  };
  return hits.map((hit) => {
    const decision = decide(hit.score, decisions);
    if (decision !== 'alert' && decision !== 'urgent') return 'join';
    const state = stateOf(hit.accountId);
    if (decision === 'urgent' || !hit.touched || !state || compromised(hit)) return 'case';
    return vouched(state, hit.touched.at) ? 'step-up' : 'case';
  });
}

const ringKey = (hit: RingHit): string => `${hit.ruleId}\u0000${hit.entity.kind}\u0000${hit.entity.value}`;

/**
 * Every phone and email on file at `at` there for long and not through a takeover: the borrower,
 * whoever else acts. Every one, not any one: the notifier asks one contact by the borrower's
 * preference and channel order, not the one that vouched here, so an email a ring added days
 * before (from a device of its own, past the notifier's trusted age) would get the question.
 */
const vouched = (state: RingState, at: string): boolean => {
  const onFile = (['phone', 'email'] as const).filter((kind) => state.contacts.some((c) => c.kind === kind && c.setAt <= at));
  // Dated from when it was set, not from the account's first event as the trust model dates a first
  // contact: the notifier picks the recipient, and the answer counts, by that date alone, so a
  // number first set two days before would get a question whose "was me" could never count.
  return (
    onFile.length > 0 &&
    onFile.every(
      (kind) => contactStanding(state, kind, at).standing === 'long' && Date.parse(at) - Date.parse(contactAt(state, kind, at)!.setAt) >= TRUSTED_CONTACT_DAYS * 86_400_000,
    )
  );
};
