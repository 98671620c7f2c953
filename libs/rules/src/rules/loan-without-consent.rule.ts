import { defineRule } from '../rule';
import { MINUTE_MS } from '../time';
import { CONSENT_TEXT, consentsFor, countsAsConsent, strongestConsent } from '../trust';
import { amountText } from './loan-helpers';

/**
 * A loan opened with no `consent.verified` (OTP, face or e-signature) for it: the "被贷款" story.
 * The absence is the evidence, so the rule waits out the lateness window: a consent that arrives
 * a little after the loan it authorised still clears it. An OTP counts only when the phone it went
 * to could speak for the borrower: one to a number that came through a takeover signal is no consent.
 */
export const loanWithoutConsentRule = defineRule<{ windowMinutes: number; graceSeconds: number }>({
  id: 'loan.without-consent',
  description: 'Loan opened with no consent verified for it within the window before',
  category: 'fraud',
  phase: 'deferred',
  answerProof: true,
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 60, params: { windowMinutes: 30, graceSeconds: 60 } },
  window: ({ windowMinutes, graceSeconds }) => ({ beforeMs: windowMinutes * MINUTE_MS, afterMs: graceSeconds * 1000 }),
  evaluate(state, event, _clock, { windowMinutes, graceSeconds }) {
    if (event.type !== 'loan.opened') return null;
    const loanId = event.payload.loanId;
    // A loan's consent is the platform's record whoever it names as actor; its strength is what counts.
    const consents = consentsFor(state, event, { beforeMs: windowMinutes * MINUTE_MS, afterMs: graceSeconds * 1000, anyActor: true });
    const { strength } = strongestConsent(state, consents);
    if (countsAsConsent(strength)) return null;
    const weak = strength !== 'none';
    return {
      evidence: { eventId: event.id, loanId, amount: amountText(event), channel: event.channel, windowMinutes, consentStrength: strength },
      explanation: weak
        ? {
            en: `Loan ${loanId} (${amountText(event)}) was opened through ${event.channel}; its only consent was ${CONSENT_TEXT[strength].en}, which does not speak for the borrower.`,
            'zh-CN': `贷款 ${loanId}（${amountText(event)}）经由 ${event.channel} 开立；其唯一授权为${CONSENT_TEXT[strength].zh}，不能代表借款人本人。`,
          }
        : {
            en: `Loan ${loanId} (${amountText(event)}) was opened through ${event.channel} with no OTP, face or e-signature consent for it in the ${windowMinutes} minutes before.`,
            'zh-CN': `贷款 ${loanId}（${amountText(event)}）经由 ${event.channel} 开立，此前 ${windowMinutes} 分钟内没有针对该贷款的短信验证码、人脸或电子签名授权。`,
          },
    };
  },
});
