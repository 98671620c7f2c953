import { DAY_MS } from '../time';
import { inDenseSpans } from '../dense-windows';
import { maskEntity } from './entity-link';
import { accountList, defineRingRule, sortedUnique } from './ring-rule';

/**
 * One card (by its PAN fingerprint) bound to several accounts within a span of days: one person's
 * card feeding many borrowers is how a ring cashes out loans taken in other people's names. A
 * borrower re-binding their own card counts once.
 */
export const sharedCardRule = defineRingRule<{ minAccounts: number; windowDays: number }>({
  id: 'ring.shared-card',
  description: 'The same card (by fingerprint) bound to at least K accounts within the window',
  category: 'fraud',
  phase: 'cross-account',
  kinds: ['card'],
  needs: (link) => link.kind === 'card' && link.eventType === 'card.bound',
  defaults: { severity: 'high', score: 60, params: { minAccounts: 3, windowDays: 30 } },
  evaluate(entity, links, { minAccounts, windowDays }) {
    const binds = links.filter((l) => l.eventType === 'card.bound').map((link) => ({ accountId: link.accountId, at: Date.parse(link.at), link }));
    const dense = inDenseSpans(binds, windowDays * DAY_MS, minAccounts);
    if (dense.length === 0) return [];
    const accounts = sortedUnique(dense.map((d) => d.accountId));
    const from = dense[0].link.at;
    const to = dense[dense.length - 1].link.at;
    const card = maskEntity('card', entity.value);
    return accounts.map((accountId) => {
      const linked = accounts.filter((a) => a !== accountId);
      return {
        accountId,
        linked,
        from,
        to,
        evidence: { minAccounts, windowDays },
        explanation: {
          en: `Card ${card} is bound to ${accounts.length} accounts within ${windowDays} days (threshold ${minAccounts}); besides this one: ${accountList(linked, ', ', (n) => ` and ${n} more`)}.`,
          'zh-CN': `银行卡 ${card} 在 ${windowDays} 天内被绑定到 ${accounts.length} 个账户（阈值 ${minAccounts} 个）；除本账户外：${accountList(linked, '、', (n) => ` 等另外 ${n} 个`)}。`,
        },
      };
    });
  },
});
