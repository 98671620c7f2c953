import { defineRule } from '../rule';
import { ms } from '../time';
import { amountText, median } from './loan-helpers';

/** A loan far larger than this borrower's own usual, judged only once there is a history to judge by; context. */
export const loanAmountAnomalyRule = defineRule<{ factor: number; minHistory: number }>({
  id: 'loan.amount-anomaly',
  description: "Loan amount at least F times the account's median loan",
  category: 'fraud',
  phase: 'immediate',
  kind: 'context',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 40, params: { factor: 5, minHistory: 3 } },
  evaluate(state, event, _clock, { factor, minHistory }) {
    if (event.type !== 'loan.opened') return null;
    const at = ms(event.occurredAt);
    const history = state.loans.filter((l) => l.loanId !== event.payload.loanId && ms(l.at) <= at).map((l) => l.amountMinor);
    if (history.length < minHistory) return null;
    const usual = median(history);
    const ratio = Math.round((event.payload.amountMinor / usual) * 10) / 10;
    if (ratio < factor) return null;
    const usualText = `${(usual / 100).toFixed(2)} ${event.payload.currency}`;
    return {
      evidence: { eventId: event.id, loanId: event.payload.loanId, amount: amountText(event), medianAmount: usualText, ratio, factor, history: history.length },
      explanation: {
        en: `Loan ${event.payload.loanId} is ${amountText(event)}, ${ratio}× the account's median loan of ${usualText} over ${history.length} loans (threshold ${factor}×).`,
        'zh-CN': `贷款 ${event.payload.loanId} 金额 ${amountText(event)}，是该账户 ${history.length} 笔历史贷款中位数 ${usualText} 的 ${ratio} 倍（阈值 ${factor} 倍）。`,
      },
    };
  },
});
