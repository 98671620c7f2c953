import { DAY_MS } from '../time';
import { maskEntity } from './entity-link';
import { accountList, defineRingRule, type RingFinding, sortedUnique } from './ring-rule';

/**
 * A card bound to an account when the same card (by fingerprint) was already bound to another
 * account in another holder's name: the borrower is paid out to someone else's card. Only bindings
 * that carry a holder name are compared; the same name on two accounts, or a borrower re-binding
 * their own card, is not this.
 */
export const cardOtherHolderRule = defineRingRule<{ windowDays: number }>({
  id: 'ring.card-other-holder',
  description: "A newly bound card already bound to another account in another holder's name within the window",
  category: 'fraud',
  phase: 'cross-account',
  kinds: ['card'],
  needs: (link) => link.kind === 'card' && link.eventType === 'card.bound',
  defaults: { severity: 'high', score: 70, params: { windowDays: 180 } },
  evaluate(entity, links, { windowDays }) {
    const binds = links.filter((l) => l.eventType === 'card.bound' && l.holderKey);
    const card = maskEntity('card', entity.value);
    const byAccount = new Map<string, { linked: Set<string>; from: string; to: string }>();
    for (const bind of binds) {
      const at = Date.parse(bind.at);
      for (const earlier of binds) {
        const before = Date.parse(earlier.at);
        if (earlier.accountId === bind.accountId || earlier.holderKey === bind.holderKey) continue;
        if (before > at || at - before > windowDays * DAY_MS) continue;
        const found = byAccount.get(bind.accountId) ?? { linked: new Set<string>(), from: earlier.at, to: bind.at };
        found.linked.add(earlier.accountId);
        if (earlier.at < found.from) found.from = earlier.at;
        if (bind.at > found.to) found.to = bind.at;
        byAccount.set(bind.accountId, found);
      }
    }
    return [...byAccount.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([accountId, found]): RingFinding => {
        const linked = sortedUnique(found.linked);
        return {
          accountId,
          linked,
          from: found.from,
          to: found.to,
          evidence: { windowDays },
          explanation: {
            en: `Card ${card} was bound here while already bound in another holder's name to ${accountList(linked, ', ', (n) => ` and ${n} more`)}.`,
            'zh-CN': `银行卡 ${card} 绑定到本账户时，已以他人名义绑定在账户 ${accountList(linked, '、', (n) => ` 等另外 ${n} 个`)} 上。`,
          },
        };
      });
  },
});
