import { maskCard } from '@sentinel/contracts';
import { deviceStanding, onBorrowerDevice } from '../account-state';
import { defineRule } from '../rule';
import { FAMILIARITY_TEXT, familiarity } from '../sightings';

/**
 * A card unbound from the borrower's own device but from an IP address the account has not used
 * within the window. Weaker than an unknown device (mobile addresses rotate), so scored lower;
 * an unknown device is the other rule's business, so this one stays silent then. Context: a new
 * address alone is what travel or a new mobile contract looks like.
 */
export const unbindUnknownIpRule = defineRule<{ lookbackDays: number; establishedAfterHours: number }>({
  id: 'unbind.unknown-ip',
  description: 'Card unbound from an IP address not seen on the account within the window',
  category: 'fraud',
  phase: 'immediate',
  kind: 'context',
  on: ['card.unbound'],
  defaults: { severity: 'medium', score: 30, params: { lookbackDays: 30, establishedAfterHours: 72 } },
  evaluate(state, event, _clock, params) {
    if (event.type !== 'card.unbound' || !event.device?.ip || !onBorrowerDevice(event)) return null;
    if (Object.keys(state.ips).length === 0) return null;
    const device = deviceStanding(state.devices[event.device.id], event.occurredAt, params);
    if (device !== 'established' && device !== 'verified') return null;
    const ip = event.device.ip;
    const how = familiarity(state.ips[ip], event.occurredAt, { ...params, establishedAfterHours: 0 });
    if (how === 'established') return null;
    const card = maskCard(event.payload.card);
    return {
      evidence: { eventId: event.id, ip, deviceId: event.device.id, card, familiarity: how, lookbackDays: params.lookbackDays },
      explanation: {
        en: `Card ${card} was unbound from the known device ${event.device.id} but from IP ${ip}, ${FAMILIARITY_TEXT[how].en} within ${params.lookbackDays} days.`,
        'zh-CN': `银行卡 ${card} 在已知设备 ${event.device.id} 上被解绑，但所用 IP ${ip} 在 ${params.lookbackDays} 天内${FAMILIARITY_TEXT[how].zh}。`,
      },
    };
  },
});
