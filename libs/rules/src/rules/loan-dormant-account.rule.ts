import { defineRule } from '../rule';
import { DAY_MS, ms } from '../time';
import { amountText } from './loan-helpers';

/**
 * A loan on an account nobody has used for months: dormant accounts are taken over quietly. Context:
 * a borrower coming back after a long while looks the same, until an unknown device or a missing
 * consent says otherwise.
 */
export const loanDormantAccountRule = defineRule<{ dormantDays: number }>({
  id: 'loan.dormant-account',
  description: 'Loan on an account with no activity for N days',
  category: 'fraud',
  phase: 'immediate',
  kind: 'context',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 40, params: { dormantDays: 90 } },
  evaluate(state, event, _clock, { dormantDays }) {
    if (event.type !== 'loan.opened' || !state.lastActivityAt) return null;
    const idleDays = Math.floor((ms(event.occurredAt) - ms(state.lastActivityAt)) / DAY_MS);
    if (idleDays < dormantDays) return null;
    return {
      evidence: { eventId: event.id, loanId: event.payload.loanId, amount: amountText(event), lastActivityAt: state.lastActivityAt, idleDays, dormantDays },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened on an account idle for ${idleDays} days (last activity ${state.lastActivityAt.slice(0, 10)}; threshold ${dormantDays} days).`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）开立于一个已闲置 ${idleDays} 天的账户（最近活动 ${state.lastActivityAt.slice(0, 10)}；阈值 ${dormantDays} 天）。`,
      },
    };
  },
});
