import { maskCard } from '@sentinel/contracts';
import { holderHash } from '../account-state';
import { defineRule } from '../rule';
import { HOUR_MS, hoursBetween, ms } from '../time';

/**
 * A card unbound and a different card bound soon after: money would now go elsewhere. Stronger
 * when the new card's holder or issuing bank differs from the old one's. A new card in the same
 * holder's name is what a borrower's own card change looks like: context only. Deferred, so that an
 * unbind that arrives after the bind it preceded still pairs with it.
 */
export const cardSwapRule = defineRule<{ windowHours: number; mismatchBonus: number }>({
  id: 'card.swap',
  description: 'A card unbound and a different card bound within the window',
  category: 'fraud',
  phase: 'deferred',
  // What is done, not who does it: no sign of the borrower answers it.
  doubt: 'fact',
  answerProof: true,
  on: ['card.bound'],
  defaults: { severity: 'medium', score: 40, params: { windowHours: 24, mismatchBonus: 30 } },
  window: ({ windowHours }) => ({ beforeMs: windowHours * HOUR_MS, afterMs: 0 }),
  evaluate(state, event, _clock, { windowHours, mismatchBonus }) {
    if (event.type !== 'card.bound') return null;
    const at = ms(event.occurredAt);
    const card = event.payload.card;
    const previous = Object.entries(state.unboundCards)
      .filter(([ref, c]) => ref !== card.ref && ms(c.unboundAt) <= at && at - ms(c.unboundAt) <= windowHours * HOUR_MS)
      .sort(([, a], [, b]) => (a.unboundAt < b.unboundAt ? 1 : -1))[0];
    if (!previous) return null;
    const [oldRef, old] = previous;
    const newHolder = holderHash(card.holderName);
    const holderDiffers = Boolean(old.holderHash && newHolder && old.holderHash !== newHolder);
    const issuerDiffers = Boolean(old.issuer && card.issuer && old.issuer !== card.issuer);
    const oldMasked = maskCard(old);
    const newMasked = maskCard(card);
    const hours = hoursBetween(old.unboundAt, event.occurredAt);
    const differences = [holderDiffers && 'holder', issuerDiffers && 'issuer'].filter(Boolean).join(', ');
    const differencesZh = [holderDiffers && '持卡人', issuerDiffers && '发卡行'].filter(Boolean).join('、');
    return {
      scoreAdjust: holderDiffers || issuerDiffers ? mismatchBonus : 0,
      context: !holderDiffers,
      evidence: {
        eventId: event.id,
        oldCard: oldMasked,
        oldCardRef: oldRef,
        newCard: newMasked,
        unboundAt: old.unboundAt,
        hoursBetween: hours,
        holderDiffers,
        issuerDiffers,
        oldIssuer: old.issuer ?? null,
        newIssuer: card.issuer ?? null,
        windowHours,
      },
      explanation: {
        en:
          `Card ${oldMasked} was unbound and ${hours} h later a different card ${newMasked} was bound (window ${windowHours} h)` +
          (differences ? `; the new card's ${differences} differ${holderDiffers && issuerDiffers ? '' : 's'} from the old one's.` : '.'),
        'zh-CN':
          `银行卡 ${oldMasked} 被解绑后 ${hours} 小时，另一张卡 ${newMasked} 被绑定（窗口 ${windowHours} 小时）` + (differencesZh ? `；新卡的${differencesZh}与原卡不同。` : '。'),
      },
    };
  },
});
