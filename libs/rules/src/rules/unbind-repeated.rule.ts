import { maskCard } from '@sentinel/contracts';
import { defineRule } from '../rule';
import { HOUR_MS, ms, tracesBetween } from '../time';

/** Several unbinds in a day: an account being stripped of its cards, or a borrower tidying up; context. */
export const unbindRepeatedRule = defineRule<{ minUnbinds: number; windowHours: number }>({
  id: 'unbind.repeated',
  description: 'At least N unbinds within the window',
  category: 'fraud',
  phase: 'immediate',
  kind: 'context',
  on: ['card.unbound'],
  defaults: { severity: 'medium', score: 40, params: { minUnbinds: 3, windowHours: 24 } },
  evaluate(state, event, _clock, { minUnbinds, windowHours }) {
    if (event.type !== 'card.unbound') return null;
    const at = ms(event.occurredAt);
    const earlier = tracesBetween(state, event.id, at - windowHours * HOUR_MS, at, (t) => t.type === 'card.unbound');
    const count = earlier.length + 1;
    if (count < minUnbinds) return null;
    return {
      evidence: { eventId: event.id, card: maskCard(event.payload.card), unbinds: count, minUnbinds, windowHours, firstAt: earlier[0]?.at ?? null },
      explanation: {
        en: `This is the account's ${count}th card unbind within ${windowHours} h (threshold ${minUnbinds}).`,
        'zh-CN': `这是该账户 ${windowHours} 小时内第 ${count} 次解绑银行卡（阈值 ${minUnbinds} 次）。`,
      },
    };
  },
});
