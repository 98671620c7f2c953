import { defineRule } from '../rule';
import { amountText } from './loan-helpers';

/**
 * A loan opened by staff from the support console rather than by the borrower in the app or at a
 * partner: a loan contract is the borrower's own act, and a code read out over the phone is given
 * to whoever called (a collector "rolling over" arrears, a caller posing as the platform). It doubts
 * what is done; a face check of the borrower for this loan answers it.
 */
export const loanStaffOpenedRule = defineRule<Record<string, never>>({
  id: 'loan.staff-opened',
  description: 'A loan opened by staff from the support console, without a face check of the borrower',
  category: 'fraud',
  phase: 'immediate',
  answerProof: true,
  answeredByFace: true,
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 50, params: {} },
  evaluate(_state, event) {
    if (event.type !== 'loan.opened' || event.actor.kind !== 'agent') return null;
    const agent = event.actor.id ? ` (${event.actor.id})` : '';
    return {
      evidence: { eventId: event.id, loanId: event.payload.loanId, amount: amountText(event), channel: event.channel, agentId: event.actor.id ?? null },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened by staff${agent} from the support console, not by the borrower; a loan is the borrower's own act, and a code read out on a call goes to whoever called.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）由工作人员${agent}在客服后台开立，而非借款人本人；借款是借款人本人的行为，电话中念出的验证码只会交给来电的人。`,
      },
    };
  },
});
