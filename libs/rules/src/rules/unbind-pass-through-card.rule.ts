import { maskCard } from '@sentinel/contracts';
import { defineRule } from '../rule';
import { hoursBetween, HOUR_MS, ms } from '../time';

/**
 * A card unbound within hours of its binding, with a cash loan opened while it was bound: it was
 * there only to receive the money. A trojan or whoever holds the phone binds its mule's card for one
 * disbursement and removes it so that the borrower never sees it among her cards. It judges what was
 * done, once the money has gone, so it is a case to recover the funds rather than a question to the
 * borrower.
 */
export const unbindPassThroughCardRule = defineRule<{ withinHours: number }>({
  id: 'unbind.pass-through-card',
  description: 'A card unbound within H hours of its binding, with a cash loan opened while it was bound',
  category: 'fraud',
  phase: 'immediate',
  doubt: 'fact',
  answerProof: true,
  on: ['card.unbound'],
  defaults: { severity: 'high', score: 60, params: { withinHours: 48 } },
  evaluate(state, event, _clock, { withinHours }) {
    if (event.type !== 'card.unbound') return null;
    const ref = event.payload.card.ref;
    const fact = state.cardBook[ref];
    if (!fact || fact.firstBoundAt > event.occurredAt) return null;
    const boundAt = ms(fact.firstBoundAt);
    const unboundAt = ms(event.occurredAt);
    if (unboundAt - boundAt > withinHours * HOUR_MS) return null;
    const loans = state.loans.filter((l) => !l.merchant && ms(l.at) >= boundAt && ms(l.at) <= unboundAt);
    if (loans.length === 0) return null;
    // The book knows the card's first digits from its binding; the unbind may not repeat them.
    const card = maskCard(fact);
    const hours = hoursBetween(fact.firstBoundAt, event.occurredAt);
    const ids = loans.map((l) => l.loanId).join(', ');
    return {
      evidence: { eventId: event.id, card, cardRef: ref, boundAt: fact.firstBoundAt, hoursBound: hours, loanIds: ids, withinHours },
      explanation: {
        en: `Card ${card} was unbound ${hours} h after it was bound, and loan ${ids} was opened while it was bound: a card there only to receive the money.`,
        'zh-CN': `银行卡 ${card} 在绑定 ${hours} 小时后即被解绑，其绑定期间开立了贷款 ${ids}：这张卡只是用来收款的。`,
      },
    };
  },
});
