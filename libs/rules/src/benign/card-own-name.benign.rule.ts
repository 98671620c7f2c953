import { maskCard } from '@sentinel/contracts';
import { holderHash } from '../account-state';
import { defineRule } from '../rule';

/**
 * A card bound in the same holder's name as a card the account had before: a borrower changing
 * her own card, not money sent to someone else. The card book keeps every card's holder however
 * long ago it was bound.
 */
export const cardOwnNameBenignRule = defineRule<Record<string, never>>({
  id: 'benign.card-own-name',
  description: "A new card in the holder's name of a card the account had before (lowers the score)",
  category: 'fraud',
  phase: 'immediate',
  kind: 'benign',
  on: ['card.bound'],
  defaults: { severity: 'low', score: 30, params: {} },
  evaluate(state, event) {
    if (event.type !== 'card.bound') return null;
    const holder = holderHash(event.payload.card.holderName);
    if (!holder) return null;
    const same = Object.entries(state.cardBook).find(([ref, c]) => ref !== event.payload.card.ref && c.holderHash === holder && c.firstBoundAt <= event.occurredAt);
    if (!same) return null;
    const [ref, old] = same;
    const card = maskCard(event.payload.card);
    const oldCard = maskCard(old);
    return {
      evidence: { lowersScore: true, eventId: event.id, card, sameHolderAs: oldCard, sameHolderCardRef: ref, sameHolderSince: old.firstBoundAt },
      explanation: {
        en: `Card ${card} is in the same holder's name as card ${oldCard}, bound on ${old.firstBoundAt.slice(0, 10)}: the borrower's own card, which lowers the score.`,
        'zh-CN': `银行卡 ${card} 与 ${old.firstBoundAt.slice(0, 10)} 绑定的银行卡 ${oldCard} 持卡人相同：是借款人本人的卡，风险分因此降低。`,
      },
    };
  },
});
