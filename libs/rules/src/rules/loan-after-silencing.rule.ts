import { defineRule } from '../rule';
import { DAY_MS, ms } from '../time';
import { amountText } from './loan-helpers';

const BY_TEXT = {
  staff: { en: 'by staff', zh: '由工作人员' },
  partner: { en: 'by a partner', zh: '由合作方' },
  'untrusted-device': { en: 'from a device the account does not trust', zh: '在账户不信任的设备上' },
} as const;

/**
 * A loan or a new card within days after the borrower's notices were narrowed by someone who is
 * not plainly the borrower (staff, a partner, a device the account does not trust). Silencing the
 * messages comes before the take in takeovers, rented-out accounts and collectors' "borrow new to
 * repay old": who does it wants the borrower not to hear. A borrower who mutes texts on her own
 * settled phone is not counted; a face check for the event answers it (benign.face-consent).
 */
export const loanAfterSilencingRule = defineRule<{ withinDays: number; staffBonus: number }>({
  id: 'loan.after-silencing',
  description: "A loan or card bind within D days after the borrower's notices were narrowed by staff, a partner or an untrusted device",
  category: 'fraud',
  phase: 'immediate',
  answerProof: true,
  on: ['loan.opened', 'card.bound'],
  defaults: { severity: 'high', score: 40, params: { withinDays: 14, staffBonus: 20 } },
  evaluate(state, event, _clock, { withinDays, staffBonus }) {
    const silenced = state.silenced;
    if (!silenced || silenced.at > event.occurredAt || ms(event.occurredAt) - ms(silenced.at) > withinDays * DAY_MS) return null;
    const what =
      event.type === 'loan.opened'
        ? { en: `Loan ${event.payload.loanId} (${amountText(event)})`, zh: `贷款 ${event.payload.loanId}（${amountText(event)}）` }
        : event.type === 'card.bound'
          ? { en: `Card ••••${event.payload.card.last4} was bound`, zh: `尾号 ${event.payload.card.last4} 的银行卡被绑定` }
          : null;
    if (!what) return null;
    const hours = Math.round((ms(event.occurredAt) - ms(silenced.at)) / 3_600_000);
    return {
      ...(silenced.by === 'untrusted-device' ? {} : { scoreAdjust: staffBonus }),
      evidence: { eventId: event.id, silencedAt: silenced.at, silencedBy: silenced.by, hoursAfter: hours, withinDays },
      explanation: {
        en: `${what.en} ${hours} h after the borrower's notices were narrowed ${BY_TEXT[silenced.by].en} (a channel dropped or quiet hours set): whoever silences the borrower's messages does not want them to hear of what follows.`,
        'zh-CN': `${what.zh}，距借款人的通知被${BY_TEXT[silenced.by].zh}收窄（停用某一渠道或设置免打扰时段）仅 ${hours} 小时：让借款人收不到消息的人，不想让借款人知道接下来发生的事。`,
      },
    };
  },
});
