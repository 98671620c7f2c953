import { deviceStanding, type Trace } from '../account-state';
import { defineRule } from '../rule';
import { HOUR_MS, hoursBetween, ms, tracesBetween } from '../time';
import { amountText } from './loan-helpers';

/**
 * A loan soon after the money's destination or the borrower's reachability changed: a card swap
 * (an unbind, then a different card bound) or a contact change. Evidence when the change came from
 * a device the account had not established by then (an intruder redirects first, then borrows on
 * an OTP sent to the new number); from the borrower's own settled device it is context: people
 * change numbers and take loans.
 */
export const loanAfterRedirectRule = defineRule<{ windowHours: number; establishedAfterHours: number }>({
  id: 'loan.after-redirect',
  description: 'Loan within the window after a card swap or a contact change',
  category: 'fraud',
  phase: 'immediate',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 50, params: { windowHours: 72, establishedAfterHours: 24 } },
  evaluate(state, event, _clock, { windowHours, establishedAfterHours }) {
    if (event.type !== 'loan.opened') return null;
    const at = ms(event.occurredAt);
    const window = tracesBetween(state, event.id, at - windowHours * HOUR_MS, at);
    const contact = [...window].reverse().find((t) => t.type === 'contact.changed' && t.replaced === true);
    const swap = findSwap(window);
    const cause = swap ?? contact;
    if (!cause) return null;
    const hours = hoursBetween(cause.at, event.occurredAt);
    const device = cause.deviceId ? state.devices[cause.deviceId] : undefined;
    // Settled by then, and not a device that came through a takeover signal.
    const standing = deviceStanding(device, cause.at, { establishedAfterHours });
    const fromSettledDevice = standing === 'established' || standing === 'verified';
    const what = swap ? { en: 'a different card was bound after an unbind', zh: '解绑后绑定了另一张卡' } : { en: 'the phone or email was changed', zh: '手机号或邮箱被更改' };
    return {
      context: fromSettledDevice,
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        cause: swap ? 'card.swap' : 'contact.changed',
        causeEventId: cause.id,
        causeDeviceId: cause.deviceId ?? null,
        fromSettledDevice,
        hoursBefore: hours,
        windowHours,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened ${hours} h after ${what.en} (event ${cause.id}); the window is ${windowHours} h.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）在${what.zh}（事件 ${cause.id}）后 ${hours} 小时开立；窗口为 ${windowHours} 小时。`,
      },
    };
  },
});

/** The latest bind of a card other than one unbound before it, within the traces. */
function findSwap(window: Trace[]): Trace | undefined {
  for (let i = window.length - 1; i >= 0; i--) {
    const bind = window[i];
    if (bind.type !== 'card.bound') continue;
    if (window.slice(0, i).some((t) => t.type === 'card.unbound' && t.cardRef !== bind.cardRef)) return bind;
  }
  return undefined;
}
