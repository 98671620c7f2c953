import { createHash } from 'node:crypto';
import type { RuleHit } from '../rule-hit';
import type { RuleSet } from '../rule-settings';
import { cardOtherHolderRule } from './card-other-holder.rule';
import { type EntityLink, maskEntity } from './entity-link';
import type { Entity, RingFinding, RingRule } from './ring-rule';
import { sharedCardRule } from './shared-card.rule';
import { sharedDeviceRule } from './shared-device.rule';

/** Rules judged over an entity's links across accounts rather than over one account's events. */
export const RING_RULES: readonly RingRule[] = [sharedCardRule, sharedDeviceRule, cardOtherHolderRule];

/** A cross-account hit on one account: the rule's hit, plus the entity and the other accounts behind it. */
export interface RingHit extends RuleHit {
  accountId: string;
  entity: Entity;
  linked: string[];
  /** Set when the hit is one the account's borrower can answer (`RingRule.answerable`): the account's first action through the entity. */
  touched?: RingFinding['touched'];
}

/** Whether any enabled ring rule needs this link: what the detector queues entities for and loads. */
export function ringRuleNeeds(link: Pick<EntityLink, 'kind' | 'eventType' | 'sensitive'>): boolean {
  return RING_RULES.some((rule) => rule.needs(link));
}

const entityKey = (entity: Entity): string => `${entity.kind}\u0000${entity.value}`;

/** Groups links by their entity. */
function byEntity(links: readonly EntityLink[]): Map<string, { entity: Entity; links: EntityLink[] }> {
  const groups = new Map<string, { entity: Entity; links: EntityLink[] }>();
  for (const link of links) {
    const key = entityKey(link);
    const group = groups.get(key);
    if (group) group.links.push(link);
    else groups.set(key, { entity: { kind: link.kind, value: link.value }, links: [link] });
  }
  return groups;
}

/**
 * Judges every given entity with every enabled ring rule over all of its links. Pure: the same
 * links give the same hits in the same order, however and whenever they were gathered.
 */
export function ringRollup(links: readonly EntityLink[], ruleSet: RuleSet): RingHit[] {
  const hits: RingHit[] = [];
  const groups = [...byEntity(links).values()].sort((a, b) => (entityKey(a.entity) < entityKey(b.entity) ? -1 : 1));
  for (const { entity, links: own } of groups) {
    for (const rule of RING_RULES) {
      const settings = ruleSet.rules[rule.id];
      if (!settings?.enabled || !rule.kinds.includes(entity.kind)) continue;
      for (const finding of rule.evaluate(
        entity,
        own.filter((l) => rule.needs(l)),
        settings.params,
      )) {
        hits.push({
          ruleId: rule.id,
          severity: settings.severity,
          score: settings.score,
          accountId: finding.accountId,
          entity,
          linked: finding.linked,
          ...(rule.answerable && finding.touched ? { touched: finding.touched } : {}),
          evidence: {
            entityKind: entity.kind,
            entity: maskEntity(entity.kind, entity.value),
            linkedAccounts: finding.linked.join(','),
            accounts: finding.linked.length + 1,
            from: finding.from,
            to: finding.to,
            ...finding.evidence,
            // What a "was me" is measured against: the case's first flagged activity on this account.
            ...(rule.answerable && finding.touched ? { flaggedAt: finding.touched.at } : {}),
          },
          explanation: finding.explanation,
        });
      }
    }
  }
  return hits;
}

/**
 * The key a ring hit is recorded under (in place of an event id): one per account, entity and
 * rule, whichever of the account's events happened to be judged first. The entity is digested, so
 * that an IP does not travel in the key.
 */
export function ringHitKey(hit: Pick<RingHit, 'accountId' | 'entity'>): string {
  const entity = createHash('sha256').update(entityKey(hit.entity)).digest('hex').slice(0, 20);
  return `ring:${hit.entity.kind}:${entity}:${hit.accountId}`;
}
