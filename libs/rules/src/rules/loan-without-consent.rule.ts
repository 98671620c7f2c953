import { defineRule } from '../rule';
import { MINUTE_MS, ms, tracesBetween } from '../time';
import { amountText } from './loan-helpers';

/**
 * A loan opened with no `consent.verified` (OTP, face or e-signature) for it: the "被贷款" story.
 * The absence is the evidence, so the rule waits out the lateness window: a consent that arrives
 * a little after the loan it authorised still clears it.
 */
export const loanWithoutConsentRule = defineRule<{ windowMinutes: number; graceSeconds: number }>({
  id: 'loan.without-consent',
  description: 'Loan opened with no consent verified for it within the window before',
  category: 'fraud',
  phase: 'deferred',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 60, params: { windowMinutes: 30, graceSeconds: 60 } },
  window: ({ windowMinutes, graceSeconds }) => ({ beforeMs: windowMinutes * MINUTE_MS, afterMs: graceSeconds * 1000 }),
  evaluate(state, event, _clock, { windowMinutes, graceSeconds }) {
    if (event.type !== 'loan.opened') return null;
    const at = ms(event.occurredAt);
    const loanId = event.payload.loanId;
    const consents = tracesBetween(
      state,
      event.id,
      at - windowMinutes * MINUTE_MS,
      at + graceSeconds * 1000,
      (t) => t.type === 'consent.verified' && t.purpose === 'loan' && (!t.subjectId || t.subjectId === loanId),
    );
    if (consents.length > 0) return null;
    return {
      evidence: { eventId: event.id, loanId, amount: amountText(event), channel: event.channel, windowMinutes },
      explanation: {
        en: `Loan ${loanId} (${amountText(event)}) was opened through ${event.channel} with no OTP, face or e-signature consent for it in the ${windowMinutes} minutes before.`,
        'zh-CN': `贷款 ${loanId}（${amountText(event)}）经由 ${event.channel} 开立，此前 ${windowMinutes} 分钟内没有针对该贷款的短信验证码、人脸或电子签名授权。`,
      },
    };
  },
});
