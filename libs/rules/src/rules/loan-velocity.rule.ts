import { defineRule } from '../rule';
import { HOUR_MS, ms } from '../time';
import { amountText, isPurchase } from './loan-helpers';

/**
 * Many cash loans in a short time, against what one borrower plausibly needs: what a SIM-swapped
 * attacker does, each loan with a passed OTP. Each loan past the threshold weighs more. Instalment
 * purchases at a merchant or through a partner's checkout do not count: a day of shopping across checkouts delivers goods to the
 * buyer, not cash, and each is judged by its consent, its device and the merchant roll-up.
 */
export const loanVelocityRule = defineRule<{ maxLoans: number; windowHours: number; perExtraLoan: number }>({
  id: 'loan.velocity',
  description: 'At least N cash loans (not purchases at a merchant) within the window',
  category: 'fraud',
  phase: 'immediate',
  // What is done, not who does it: no sign of the borrower answers it.
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 55, params: { maxLoans: 4, windowHours: 24, perExtraLoan: 15 } },
  evaluate(state, event, _clock, { maxLoans, windowHours, perExtraLoan }) {
    if (event.type !== 'loan.opened' || isPurchase(event)) return null;
    const at = ms(event.occurredAt);
    const earlier = state.loans.filter((l) => !l.merchant && l.loanId !== event.payload.loanId && ms(l.at) <= at && at - ms(l.at) <= windowHours * HOUR_MS);
    const count = earlier.length + 1;
    if (count < maxLoans) return null;
    return {
      scoreAdjust: (count - maxLoans) * perExtraLoan,
      evidence: { eventId: event.id, loanId: event.payload.loanId, loans: count, maxLoans, windowHours, amount: amountText(event) },
      explanation: {
        en: `Loan ${event.payload.loanId} is the account's ${count}th loan within ${windowHours} h (threshold ${maxLoans}).`,
        'zh-CN': `贷款 ${event.payload.loanId} 是该账户 ${windowHours} 小时内的第 ${count} 笔贷款（阈值 ${maxLoans} 笔）。`,
      },
    };
  },
});
