import type { Decision } from '@sentinel/contracts';
import { type AccountState, contactStanding, deviceStanding } from '../account-state';
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
 * touched it. The question goes to that contact alone, so a ring that took the account over is
 * not told it was seen: it holds the account's newer contacts, not that one.
 *
 * The rest is a case no answer clears:
 * - an account with no such contact when the ring reached it: the ring may have opened or
 *   redirected it, and its own phones would answer "was me" (a phone farm's accounts, a takeover
 *   that replaced the number first);
 * - every account of a device that came into any one of them through a takeover signal (a staff
 *   reset handed to it, a contact it replaced, a reset to a number it set): what the device did
 *   there is the linked accounts' own evidence, and a coached or frightened borrower of another
 *   account would still answer "was me";
 * - a card on several accounts, or in another holder's name: it says where the money goes, which
 *   no answer makes safe; and any hit in the urgent band.
 *
 * Pure and order-free: each account's contacts and the device's standing are read as of that
 * account's first action through the entity, which its own events, arriving in order, fix before
 * the ring can be judged; more links only ever turn a step-up into a case.
 */
export function ringResponses(hits: readonly RingHit[], stateOf: (accountId: string) => RingState | undefined, decisions: Record<Decision, number>): RingResponse[] {
  const compromised = new Set<string>();
  for (const hit of hits) {
    const state = stateOf(hit.accountId);
    if (hit.entity.kind === 'device' && hit.touched && state && deviceStanding(state.devices[hit.entity.value], hit.touched.at) === 'takeover') compromised.add(ringKey(hit));
  }
  return hits.map((hit) => {
    const decision = decide(hit.score, decisions);
    if (decision !== 'alert' && decision !== 'urgent') return 'join';
    const state = stateOf(hit.accountId);
    if (decision === 'urgent' || !hit.touched || !state || compromised.has(ringKey(hit))) return 'case';
    return vouched(state, hit.touched.at) ? 'step-up' : 'case';
  });
}

const ringKey = (hit: RingHit): string => `${hit.ruleId}\u0000${hit.entity.kind}\u0000${hit.entity.value}`;

/** A phone or email on file at `at`, there for long and not through a takeover: the borrower, whoever else acts. */
const vouched = (state: RingState, at: string): boolean =>
  (['phone', 'email'] as const).some((kind) => state.contacts.some((c) => c.kind === kind && c.setAt <= at) && contactStanding(state, kind, at).standing === 'long');
