import { contactStanding, deviceStanding, onBorrowerDevice, SESSION_GAP_MS } from '../account-state';
import { defineRule } from '../rule';
import { consentsFor } from '../trust';
import { DAY_MS, ms } from '../time';

/**
 * The loan or card change was confirmed by an OTP to a phone number on file for months and never
 * disputed: whoever acts holds the borrower's own number. Not a certainty (a SIM swap hands the
 * number over, which is why doubts keep a residue), and not counted beside a face check, which
 * says more. Not after the account lay idle for `dormantDays`: a number nobody used with the
 * account for months may have changed hands (a recycled or swapped SIM), as a device goes stale.
 * Nor on a device under a takeover mark: it got in without the borrower, and the codes that reach it
 * are read out under pressure or intercepted; only a channel the takeover did not touch lifts it.
 */
export const otpTrustedContactBenignRule = defineRule<{ dormantDays: number }>({
  id: 'benign.otp-trusted-contact',
  description: 'An OTP for the loan or card change to a phone number on file for long (lowers the score)',
  category: 'fraud',
  phase: 'immediate',
  kind: 'benign',
  on: ['loan.opened', 'card.unbound', 'card.bound'],
  defaults: { severity: 'low', score: 40, params: { dormantDays: 90 } },
  evaluate(state, event, _clock, { dormantDays }) {
    if (idleDaysBefore(state, event.occurredAt) >= dormantDays) return null;
    if (event.device && onBorrowerDevice(event) && deviceStanding(state.devices[event.device.id], event.occurredAt) === 'takeover') return null;
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

/** Whole days the account lay idle before the burst of activity the event is in (or before the event). */
function idleDaysBefore(state: { session?: { startedAt: string; idleSince?: string }; lastActivityAt?: string }, at: string): number {
  const t = ms(at);
  const burst = state.session;
  if (!state.lastActivityAt) return 0;
  const inBurst = burst?.idleSince !== undefined && t >= ms(burst.startedAt) && t - ms(state.lastActivityAt) <= SESSION_GAP_MS;
  const from = inBurst ? burst.idleSince! : state.lastActivityAt;
  return Math.floor(((inBurst ? ms(burst.startedAt) : t) - ms(from)) / DAY_MS);
}
