import { maskCard, partnerOf } from '@sentinel/contracts';
import { defineRule } from '../rule';
import { MINUTE_MS, ms, tracesBetween } from '../time';
import { countsAsConsent, strongestConsent } from '../trust';

/**
 * An unbind initiated by someone other than the borrower — a partner or merchant channel, or
 * support staff — with no `consent.verified` from the borrower for it. The absence is the
 * evidence, so the rule waits out the lateness window before deciding. An OTP to a phone number
 * that came through a takeover signal is no consent. Staff alone removing a card is context, not
 * evidence: it moves no money and is what a hotline does for a borrower who lost a phone; what
 * follows it (another holder's card, a loan) is judged by the rules for those.
 */
export const unbindWithoutConsentRule = defineRule<{ windowMinutes: number; graceSeconds: number }>({
  id: 'unbind.non-user-without-consent',
  description: 'Unbind by a partner, merchant or support channel without the borrower’s consent',
  category: 'fraud',
  phase: 'deferred',
  on: ['card.unbound'],
  defaults: { severity: 'high', score: 60, params: { windowMinutes: 30, graceSeconds: 60 } },
  window: ({ windowMinutes, graceSeconds }) => ({ beforeMs: windowMinutes * MINUTE_MS, afterMs: graceSeconds * 1000 }),
  evaluate(state, event, _clock, { windowMinutes, graceSeconds }) {
    if (event.type !== 'card.unbound') return null;
    const partner = partnerOf(event.channel);
    const byOther = partner !== undefined || event.channel === 'support' || event.actor.kind === 'agent' || event.actor.kind === 'partner';
    if (!byOther) return null;
    const at = ms(event.occurredAt);
    const ref = event.payload.card.ref;
    const consents = tracesBetween(
      state,
      event.id,
      at - windowMinutes * MINUTE_MS,
      at + graceSeconds * 1000,
      (t) => t.type === 'consent.verified' && t.purpose === 'card.unbind' && t.actorKind === 'borrower' && (!t.subjectId || t.subjectId === ref),
    );
    const { strength } = strongestConsent(state, consents);
    if (countsAsConsent(strength)) return null;
    const card = maskCard(event.payload.card);
    const who = partner ? `partner ${partner}` : event.channel === 'support' ? 'support' : `${event.actor.kind} ${event.actor.id ?? ''}`.trim();
    const whoZh = partner ? `合作方 ${partner}` : event.channel === 'support' ? '客服' : `${event.actor.kind} ${event.actor.id ?? ''}`.trim();
    return {
      ...(partner === undefined && event.actor.kind !== 'partner' ? { context: true } : {}),
      evidence: { eventId: event.id, card, channel: event.channel, actor: event.actor.kind, partner: partner ?? null, windowMinutes, consentStrength: strength },
      explanation: {
        en: `Card ${card} was unbound by ${who} with no consent verified by the borrower in the ${windowMinutes} minutes before it.`,
        'zh-CN': `银行卡 ${card} 由${whoZh}解绑，此前 ${windowMinutes} 分钟内没有借款人本人的授权验证。`,
      },
    };
  },
});
