import { defineRule } from '../rule';
import { DAY_MS } from '../time';
import { amountText, isPurchase, loanHabit, minorText } from './loan-helpers';

/**
 * Borrowing far faster than the borrower's habit: several cash loans within days, each unremarkable,
 * together several times what the borrower usually borrows at once. A trojan on the phone, or
 * someone with it at hand, drains the account in slices under every single-loan threshold; the
 * borrower's own device, network and OTP pass. A doubt about what is done, so the borrower is asked
 * (a step-up). Purchases at a merchant or a partner's checkout are left out: a day of shopping
 * delivers goods to the buyer, and each is judged by its consent, device and merchant.
 */
export const loanPaceRule = defineRule<{ windowDays: number; minLoans: number; factor: number; minHistory: number }>({
  id: 'loan.pace',
  description: 'At least N cash loans within the window adding up to F times the median of the loans before it',
  category: 'fraud',
  phase: 'immediate',
  answeredByFace: true,
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 50, params: { windowDays: 14, minLoans: 3, factor: 3, minHistory: 2 } },
  evaluate(state, event, _clock, { windowDays, minLoans, factor, minHistory }) {
    if (event.type !== 'loan.opened' || isPurchase(event)) return null;
    const habit = loanHabit(state, event, minHistory, { windowMs: windowDays * DAY_MS, cashOnly: true });
    if (!habit || habit.windowLoans < minLoans || habit.ratio < factor) return null;
    const currency = event.payload.currency;
    const total = minorText(habit.dayTotalMinor, currency);
    const usual = minorText(habit.usualMinor, currency);
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        loans: habit.windowLoans,
        total,
        medianAmount: usual,
        ratio: habit.ratio,
        windowDays,
        history: habit.history,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) is the account's ${habit.windowLoans}th cash loan in ${windowDays} days; together ${total}, ${habit.ratio}× its median loan of ${usual} over ${habit.history} earlier loans (threshold ${factor}×).`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）是该账户 ${windowDays} 天内的第 ${habit.windowLoans} 笔现金贷款，合计 ${total}，是此前 ${habit.history} 笔贷款中位数 ${usual} 的 ${habit.ratio} 倍（阈值 ${factor} 倍）。`,
      },
    };
  },
});
