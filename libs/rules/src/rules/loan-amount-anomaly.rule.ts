import { CONSENT_GRACE_MS, CONSENT_WINDOW_MS } from '../account-state';
import { defineRule } from '../rule';
import { amountText, loanHabit, minorText } from './loan-helpers';

/**
 * A day's borrowing far above the borrower's own habit. Whoever holds the borrower's unlocked phone
 * passes every check of who acts (the device, the network, the OTP that arrives on it), so this
 * doubts what is done, which no sign of the borrower answers: the borrower is asked before the
 * money goes (a step-up), and a "was me" through a trusted contact releases it. The loans of the
 * same day count together, so splitting a cash-out does not slip under the factor; with fewer than
 * `minHistory` earlier loans there is no habit to judge by.
 */
export const loanAmountAnomalyRule = defineRule<{ factor: number; minHistory: number }>({
  id: 'loan.amount-anomaly',
  description: "A day's loans at least F times the account's median loan, with at least N earlier loans",
  category: 'fraud',
  // Deferred: a face check that answers it arrives, a quarter of the time, seconds after its loan.
  phase: 'deferred',
  answeredByFace: true,
  window: () => ({ beforeMs: CONSENT_WINDOW_MS, afterMs: CONSENT_GRACE_MS }),
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 50, params: { factor: 5, minHistory: 2 } },
  evaluate(state, event, _clock, { factor, minHistory }) {
    if (event.type !== 'loan.opened') return null;
    const habit = loanHabit(state, event, minHistory);
    if (!habit || habit.ratio < factor) return null;
    const currency = event.payload.currency;
    const usual = minorText(habit.usualMinor, currency);
    const day = minorText(habit.dayTotalMinor, currency);
    const split = habit.dayTotalMinor !== event.payload.amountMinor;
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        dayTotal: day,
        medianAmount: usual,
        ratio: habit.ratio,
        factor,
        history: habit.history,
      },
      explanation: {
        en:
          `Loan ${event.payload.loanId} is ${amountText(event)}` +
          (split ? `, ${day} with the day's other loans,` : ',') +
          ` ${habit.ratio}× the account's median loan of ${usual} over ${habit.history} earlier loans (threshold ${factor}×).`,
        'zh-CN':
          `贷款 ${event.payload.loanId} 金额 ${amountText(event)}` +
          (split ? `，连同当日其他贷款共 ${day}，` : '，') +
          `是该账户此前 ${habit.history} 笔贷款中位数 ${usual} 的 ${habit.ratio} 倍（阈值 ${factor} 倍）。`,
      },
    };
  },
});
