import { defineRule } from '../rule';
import { amountText } from './loan-helpers';

/** A loan while the borrower's ID document has expired: onboarding checks were bypassed somewhere. */
export const loanExpiredDocumentRule = defineRule<{ graceDays: number }>({
  id: 'loan.expired-document',
  description: 'Loan opened while the ID document is expired',
  category: 'fraud',
  phase: 'immediate',
  // What is done, not who does it: no sign of the borrower answers it.
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 50, params: { graceDays: 0 } },
  evaluate(state, event, _clock, { graceDays }) {
    if (event.type !== 'loan.opened' || !state.document) return null;
    const expiresOn = state.document.expiresOn;
    const lastValid = new Date(Date.parse(`${expiresOn}T23:59:59.999Z`) + graceDays * 86_400_000);
    if (Date.parse(event.occurredAt) <= lastValid.getTime()) return null;
    return {
      evidence: { eventId: event.id, loanId: event.payload.loanId, amount: amountText(event), documentType: state.document.documentType, expiresOn, graceDays },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened while the borrower's ID document had expired on ${expiresOn}.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）开立时，借款人的身份证件已于 ${expiresOn} 过期。`,
      },
    };
  },
});
