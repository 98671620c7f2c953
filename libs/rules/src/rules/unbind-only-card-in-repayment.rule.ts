import { maskCard } from '@sentinel/contracts';
import { defineRule } from '../rule';
import { DAY_MS, ms } from '../time';

/**
 * The account's only card unbound while a loan is being repaid: repayments will now fail, or the
 * next disbursement will go to whatever card is bound next. Context: borrowers change their own
 * card this way every day, so it only weighs beside evidence that someone else is acting.
 */
export const unbindOnlyCardInRepaymentRule = defineRule<{ assumedTermDays: number }>({
  id: 'unbind.only-card-in-repayment',
  description: 'The only bound card unbound while a loan is in repayment',
  category: 'fraud',
  phase: 'immediate',
  kind: 'context',
  on: ['card.unbound'],
  defaults: { severity: 'high', score: 30, params: { assumedTermDays: 365 } },
  evaluate(state, event, _clock, { assumedTermDays }) {
    if (event.type !== 'card.unbound') return null;
    const refs = Object.keys(state.cards);
    if (refs.length !== 1 || refs[0] !== event.payload.card.ref) return null;
    const at = ms(event.occurredAt);
    const inRepayment = state.loans.filter((loan) => {
      const termDays = loan.termMonths ? loan.termMonths * 30.5 : assumedTermDays;
      return ms(loan.at) <= at && at < ms(loan.at) + termDays * DAY_MS;
    });
    if (inRepayment.length === 0) return null;
    const card = maskCard(event.payload.card);
    const loan = inRepayment[inRepayment.length - 1];
    return {
      evidence: { eventId: event.id, card, loansInRepayment: inRepayment.length, loanId: loan.loanId, loanOpenedAt: loan.at },
      explanation: {
        en: `Card ${card}, the account's only card, was unbound while ${inRepayment.length} loan(s) are in repayment (latest ${loan.loanId}, opened ${loan.at.slice(0, 10)}).`,
        'zh-CN': `账户唯一的银行卡 ${card} 在 ${inRepayment.length} 笔贷款还款期间被解绑（最近一笔 ${loan.loanId}，开立于 ${loan.at.slice(0, 10)}）。`,
      },
    };
  },
});
