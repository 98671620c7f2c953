import { contactStanding } from '../account-state';
import { defineRule } from '../rule';
import { consentsFor } from '../trust';
import { DAY_MS, ms } from '../time';

/**
 * The loan or card change was confirmed by an OTP to a phone number on file for months and never
 * disputed: whoever acts holds the borrower's own number. Not a certainty (a SIM swap hands the
 * number over, which is why doubts keep a residue), and not counted beside a face check, which
 * says more.
 */
export const otpTrustedContactBenignRule = defineRule<Record<string, never>>({
  id: 'benign.otp-trusted-contact',
  description: 'An OTP for the loan or card change to a phone number on file for long (lowers the score)',
  category: 'fraud',
  phase: 'immediate',
  kind: 'benign',
  on: ['loan.opened', 'card.unbound', 'card.bound'],
  defaults: { severity: 'low', score: 40, params: {} },
  evaluate(state, event) {
    const consents = consentsFor(state, event);
    if (consents.some((t) => t.method === 'face')) return null;
    const otp = consents.find((t) => (t.method ?? 'otp') === 'otp' && contactStanding(state, 'phone', t.at).standing === 'long');
    if (!otp) return null;
    const { since } = contactStanding(state, 'phone', otp.at);
    const days = since ? Math.floor((ms(otp.at) - ms(since)) / DAY_MS) : null;
    return {
      evidence: { lowersScore: true, eventId: event.id, consentEventId: otp.id, consentAt: otp.at, method: 'otp', contactOnFileDays: days },
      explanation: {
        en: `It was confirmed by an OTP to the phone number on file for ${days} days (event ${otp.id}): a sign the borrower is acting, which lowers the score.`,
        'zh-CN': `已通过发送至在册 ${days} 天的手机号的短信验证码确认（事件 ${otp.id}）：表明是借款人本人操作，风险分因此降低。`,
      },
    };
  },
});
