import { maskCard } from '@sentinel/contracts';
import { defineRule } from '../rule';

const REASONS: Record<string, { en: string; zh: string }> = {
  expired: { en: 'it has expired', zh: '卡片已过期' },
  cancelled_by_bank: { en: 'the bank cancelled it', zh: '银行已注销该卡' },
  reported_lost: { en: 'it was reported lost', zh: '该卡已挂失' },
  other: { en: 'the bank invalidated it', zh: '银行已使该卡失效' },
};

/** A card the bank invalidated: tell the borrower to update or rebind before repayments fail. */
export const cardInvalidatedNoticeRule = defineRule<Record<string, never>>({
  id: 'notice.card-invalidated',
  description: 'A card invalidated by the bank: prompt to update or rebind',
  category: 'notice',
  phase: 'immediate',
  on: ['card.invalidated'],
  defaults: { severity: 'low', score: 0, params: {} },
  evaluate(_state, event) {
    if (event.type !== 'card.invalidated') return null;
    const card = maskCard(event.payload.card);
    const reason = REASONS[event.payload.reason];
    return {
      evidence: { eventId: event.id, card, reason: event.payload.reason },
      explanation: {
        en: `Card ${card} can no longer be used because ${reason.en}; update or rebind a card to keep repayments working.`,
        'zh-CN': `银行卡 ${card} 已无法使用（${reason.zh}），请更新或重新绑定银行卡，以免影响还款。`,
      },
    };
  },
});
