import { maskCard } from '@sentinel/contracts';
import type { Rule } from '../rule';

const HOUR_MS = 3_600_000;

/**
 * A card unbound from a device the account does not know: never seen, first seen only moments
 * ago (an attacker's login just before the unbind), or not used within the lookback window.
 * An account's first device is learned silently: with no other device, there is nothing to
 * compare with.
 */
export const unbindFromUnknownDeviceRule: Rule<{ lookbackDays: number; establishedAfterHours: number }> = {
  id: 'unbind.unknown-device',
  description: 'Card unbound from a device not established on the account',
  defaults: { severity: 'high', score: 70, params: { lookbackDays: 90, establishedAfterHours: 72 } },
  evaluate(state, event, _clock, { lookbackDays, establishedAfterHours }) {
    if (event.type !== 'card.unbound' || !event.device) return null;
    const deviceId = event.device.id;
    const others = Object.keys(state.devices).filter((id) => id !== deviceId);
    if (others.length === 0) return null;
    const at = Date.parse(event.occurredAt);
    const known = state.devices[deviceId];
    const established = known && at - Date.parse(known.firstSeenAt) >= establishedAfterHours * HOUR_MS;
    const recent = known && at - Date.parse(known.lastSeenAt) <= lookbackDays * 24 * HOUR_MS;
    if (established && recent) return null;

    const card = maskCard(event.payload.card);
    const ip = event.device.ip ?? null;
    const why = !known
      ? { en: 'which this account has never used', zh: '该设备从未在此账户上使用过' }
      : !established
        ? {
            en: `which this account first used at ${known.firstSeenAt}, less than ${establishedAfterHours} hours before`,
            zh: `该设备首次在此账户使用于 ${known.firstSeenAt}，距今不足 ${establishedAfterHours} 小时`,
          }
        : {
            en: `which this account last used on ${known.lastSeenAt.slice(0, 10)}, more than ${lookbackDays} days before`,
            zh: `该设备最近一次使用于 ${known.lastSeenAt.slice(0, 10)}，已超过 ${lookbackDays} 天`,
          };
    return {
      evidence: {
        eventId: event.id,
        deviceId,
        ip,
        card,
        otherKnownDevices: others.length,
        firstSeenAt: known?.firstSeenAt ?? null,
        lastSeenAt: known?.lastSeenAt ?? null,
        lookbackDays,
        establishedAfterHours,
      },
      explanation: {
        en: `Card ${card} was unbound from device ${deviceId}${ip ? ` (IP ${ip})` : ''}, ${why.en}; the account has ${others.length} other known device(s).`,
        'zh-CN': `银行卡 ${card} 在设备 ${deviceId}${ip ? `（IP ${ip}）` : ''}上被解绑，${why.zh}；该账户另有 ${others.length} 台已知设备。`,
      },
    };
  },
};
