import { maskCard } from '@sentinel/contracts';
import type { Trace } from '../account-state';
import { defineRule } from '../rule';
import { HOUR_MS, hoursBetween, ms, tracesBetween } from '../time';

const SIGNALS: Record<string, { en: string; zh: string }> = {
  'contact.changed': { en: 'the phone or email was changed', zh: '手机号或邮箱被更改' },
  'password.reset': { en: 'the password was reset', zh: '密码被重置' },
  'device.login': { en: 'a new device logged in', zh: '有新设备登录' },
};

const isSignal = (t: Trace) => (t.type === 'contact.changed' && t.replaced === true) || t.type === 'password.reset' || (t.type === 'device.login' && t.newDevice === true);

/**
 * The takeover sequence: an unbind shortly after the contact details were changed, the password
 * was reset, or a new device logged in. Attackers change the contact first so that the borrower
 * does not hear of what follows.
 */
export const unbindAfterTakeoverSignalRule = defineRule<{ windowHours: number }>({
  id: 'unbind.after-takeover-signal',
  description: 'Card unbound within the window after a contact change, password reset or new-device login',
  category: 'fraud',
  phase: 'immediate',
  on: ['card.unbound'],
  defaults: { severity: 'high', score: 60, params: { windowHours: 24 } },
  evaluate(state, event, _clock, { windowHours }) {
    // The platform unbinding a card its bank expired or cancelled is nobody acting on the account:
    // whoever may have taken it over did not choose this unbind.
    if (event.type !== 'card.unbound' || event.actor.kind === 'system') return null;
    const at = ms(event.occurredAt);
    // A new device's login is no signal apart from the unbind it makes itself: unbind.unknown-device
    // weighs that device already, and counting it twice made every new phone an urgent case.
    const own = event.device?.id;
    const signals = tracesBetween(state, event.id, at - windowHours * HOUR_MS, at, (t) => isSignal(t) && !(t.type === 'device.login' && t.deviceId === own));
    if (signals.length === 0) return null;
    const latest = signals[signals.length - 1];
    const card = maskCard(event.payload.card);
    const hours = hoursBetween(latest.at, event.occurredAt);
    return {
      evidence: {
        eventId: event.id,
        card,
        signal: latest.type,
        signalEventId: latest.id,
        signalAt: latest.at,
        signalDeviceId: latest.deviceId ?? null,
        hoursBefore: hours,
        signalsInWindow: signals.length,
        windowHours,
      },
      explanation: {
        en: `Card ${card} was unbound ${hours} h after ${SIGNALS[latest.type].en} (event ${latest.id}${latest.deviceId ? `, device ${latest.deviceId}` : ''}); the window is ${windowHours} h.`,
        'zh-CN': `银行卡 ${card} 在${SIGNALS[latest.type].zh}（事件 ${latest.id}${latest.deviceId ? `，设备 ${latest.deviceId}` : ''}）后 ${hours} 小时被解绑；窗口为 ${windowHours} 小时。`,
      },
    };
  },
});
