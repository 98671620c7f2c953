import { deviceStanding, onBorrowerDevice } from '../account-state';
import { defineRule } from '../rule';
import { DAY_MS, ms } from '../time';

/**
 * The event came from a device the borrower has used for weeks, and lately, which came with no
 * takeover signal: weak on its own (a thief with the unlocked phone has it too), so it weighs
 * little. A device back after months of silence is no such sign.
 */
export const settledDeviceBenignRule = defineRule<{ settledDays: number; lookbackDays: number }>({
  id: 'benign.settled-device',
  description: 'From a device used for weeks with no takeover signal (lowers the score)',
  category: 'fraud',
  phase: 'immediate',
  kind: 'benign',
  on: ['loan.opened', 'card.unbound', 'card.bound'],
  defaults: { severity: 'low', score: 15, params: { settledDays: 14, lookbackDays: 30 } },
  evaluate(state, event, _clock, { settledDays, lookbackDays }) {
    if (!event.device || !onBorrowerDevice(event) || event.channel.startsWith('partner:')) return null;
    const fact = state.devices[event.device.id];
    const standing = deviceStanding(fact, event.occurredAt, { lookbackDays });
    if (!fact || (standing !== 'established' && standing !== 'verified')) return null;
    const days = Math.floor((ms(event.occurredAt) - ms(fact.firstSeenAt)) / DAY_MS);
    if (days < settledDays) return null;
    return {
      evidence: { lowersScore: true, eventId: event.id, deviceId: event.device.id, usedForDays: days, settledDays },
      explanation: {
        en: `It came from device ${event.device.id}, used on this account for ${days} days with no takeover signal, which lowers the score.`,
        'zh-CN': `操作来自设备 ${event.device.id}，该设备已在此账户使用 ${days} 天且无接管迹象，风险分因此降低。`,
      },
    };
  },
});
