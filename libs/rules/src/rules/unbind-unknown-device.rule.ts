import { maskCard } from '@sentinel/contracts';
import { deviceStanding, onBorrowerDevice } from '../account-state';
import { defineRule } from '../rule';
import { otherDevices } from '../sightings';
import { standingText } from '../trust';

/**
 * A card unbound from a device the account does not trust: never seen, first seen only moments
 * before (an attacker logs in, then unbinds), not used within the lookback window, or, however
 * long ago it came, one that arrived through a takeover signal and was never re-verified (an
 * attacker who waits out the clock). Stronger then. An account's first device is learned silently:
 * with no other device there is nothing to compare.
 * A support agent's console or a system job is not a borrower device: consent rules judge those.
 */
export const unbindUnknownDeviceRule = defineRule<{ lookbackDays: number; establishedAfterHours: number; takeoverBonus: number }>({
  id: 'unbind.unknown-device',
  description: 'Card unbound from a device not established on the account',
  category: 'fraud',
  phase: 'immediate',
  on: ['card.unbound'],
  defaults: { severity: 'high', score: 70, params: { lookbackDays: 90, establishedAfterHours: 24, takeoverBonus: 20 } },
  evaluate(state, event, _clock, params) {
    if (event.type !== 'card.unbound' || !event.device || !onBorrowerDevice(event)) return null;
    const deviceId = event.device.id;
    const others = otherDevices(state, deviceId);
    if (others.length === 0) return null;
    const known = state.devices[deviceId];
    const how = deviceStanding(known, event.occurredAt, params);
    if (how === 'established' || how === 'verified') return null;
    const card = maskCard(event.payload.card);
    const ip = event.device.ip ? ` (IP ${event.device.ip})` : '';
    const ipZh = event.device.ip ? `（IP ${event.device.ip}）` : '';
    return {
      ...(how === 'takeover' ? { scoreAdjust: params.takeoverBonus } : {}),
      evidence: {
        eventId: event.id,
        deviceId,
        ip: event.device.ip ?? null,
        card,
        familiarity: how,
        deviceTrust: how,
        takeoverAt: known?.takeoverAt ?? null,
        deniedAt: known?.deniedAt ?? null,
        firstSeenAt: known?.firstSeenAt ?? null,
        lastSeenAt: known?.lastSeenAt ?? null,
        otherKnownDevices: others.length,
        lookbackDays: params.lookbackDays,
        establishedAfterHours: params.establishedAfterHours,
      },
      explanation: {
        en:
          `Card ${card} was unbound from device ${deviceId}${ip}, ${standingText(known, how, event.occurredAt).en} ` +
          `(established means used for ${params.establishedAfterHours} h and seen within ${params.lookbackDays} days); ` +
          `the account has ${others.length} other known device(s).`,
        'zh-CN':
          `银行卡 ${card} 在设备 ${deviceId}${ipZh}上被解绑，该设备${standingText(known, how, event.occurredAt).zh}` +
          `（常用设备指已使用满 ${params.establishedAfterHours} 小时且 ${params.lookbackDays} 天内出现过）；该账户另有 ${others.length} 台已知设备。`,
      },
    };
  },
});
