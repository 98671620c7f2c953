import { defineRule } from '../rule';
import { SESSION_GAP_MS } from '../account-state';
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
    const at = ms(event.occurredAt);
    // A loan inside the current burst of activity (an intruder's login just before it) is judged by
    // the pause before that burst; otherwise by the pause before the loan itself.
    const burst = state.session;
    const inBurst = burst?.idleSince !== undefined && at >= ms(burst.startedAt) && at - ms(state.lastActivityAt) <= SESSION_GAP_MS;
    const lastActivityAt = inBurst ? burst.idleSince! : state.lastActivityAt;
    const idleDays = Math.floor(((inBurst ? ms(burst.startedAt) : at) - ms(lastActivityAt)) / DAY_MS);
    if (idleDays < dormantDays) return null;
    return {
      evidence: { eventId: event.id, loanId: event.payload.loanId, amount: amountText(event), lastActivityAt, idleDays, dormantDays },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened on an account idle for ${idleDays} days (last activity before it ${lastActivityAt.slice(0, 10)}; threshold ${dormantDays} days).`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）开立于一个已闲置 ${idleDays} 天的账户（此前最近活动 ${lastActivityAt.slice(0, 10)}；阈值 ${dormantDays} 天）。`,
      },
    };
  },
});
