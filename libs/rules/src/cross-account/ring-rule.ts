import type { LocalizedText } from '@sentinel/contracts';
import type { CatalogEntry } from '../rule-settings';
import type { Evidence, RuleHit } from '../rule-hit';
import type { EntityKind, EntityLink } from './entity-link';

export interface Entity {
  kind: EntityKind;
  value: string;
}

/** One account caught by a cross-account rule, with the other accounts that tie it to the ring. */
export interface RingFinding {
  accountId: string;
  linked: string[];
  /** The event-time span of the links that make the finding. */
  from: string;
  to: string;
  evidence?: Evidence;
  explanation: LocalizedText;
  /**
   * For a rule whose doubt the account's own borrower can answer (`answerable`): the account's
   * first action through the entity, what the ring did to it first. A step-up asks about it, and a
   * contact counts as the borrower's only if it was on file for long before it.
   */
  touched?: { eventId: string; eventType: EntityLink['eventType']; at: string };
}

/**
 * A cross-account rule: a pure function of every link one entity has, whatever order they were
 * recorded in. Its findings only grow as links are added (none ever takes one back), so judging
 * an entity again after more of its events arrived reaches the same verdict as judging it once
 * at the end.
 */
export interface RingRule<P extends Record<string, number> = Record<string, number>> extends CatalogEntry {
  phase: 'cross-account';
  category: 'fraud';
  /** Entity kinds the rule looks at. */
  kinds: readonly EntityKind[];
  /** The links of one entity the rule needs, so that the detector loads no others. */
  needs(link: Pick<EntityLink, 'kind' | 'eventType' | 'sensitive'>): boolean;
  defaults: { severity: RuleHit['severity']; score: number; params: P };
  /**
   * The link is doubt about who acts (a shared device or network), which the account's borrower,
   * reached through a contact on file for long, can answer: its hits are step-ups, not cases (see
   * `ringResponse`). Rules about where the money goes (a card on several accounts, in another
   * holder's name) are not: no answer makes a payout to a stranger's card safe.
   */
  answerable?: boolean;
  evaluate(entity: Entity, links: readonly EntityLink[], params: P): RingFinding[];
}

export const defineRingRule = <P extends Record<string, number>>(rule: RingRule<P>): RingRule => rule;

/** Up to 20 account ids for an explanation, then how many more. */
export function accountList(ids: readonly string[], separator: string, more: (n: number) => string): string {
  const shown = ids.slice(0, 20).join(separator);
  return ids.length > 20 ? `${shown}${more(ids.length - 20)}` : shown;
}

export const sortedUnique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();
