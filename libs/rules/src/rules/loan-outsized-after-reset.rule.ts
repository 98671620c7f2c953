import { defineRule } from '../rule';
import { HOUR_MS, hoursBetween, ms, tracesBetween } from '../time';
import { amountText, loanHabit } from './loan-helpers';

/**
 * A loan far above the borrower's usual soon after a password reset from a network or device the
 * account had never used: neither is evidence alone (people forget passwords, and sometimes borrow
 * more), together they are how a stolen credential is cashed out. A doubt about what is done: an
 * OTP to the same phone that received the reset code answers nothing.
 */
export const loanOutsizedAfterResetRule = defineRule<{ windowHours: number; factor: number; minHistory: number }>({
  id: 'loan.outsized-after-reset',
  description: "Loan at least F times the account's median within the window after a password reset from a new network or device",
  category: 'fraud',
  phase: 'immediate',
  answeredByFace: true,
  doubt: 'fact',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 60, params: { windowHours: 24, factor: 5, minHistory: 2 } },
  evaluate(state, event, _clock, { windowHours, factor, minHistory }) {
    if (event.type !== 'loan.opened') return null;
    const at = ms(event.occurredAt);
    const resets = tracesBetween(state, event.id, at - windowHours * HOUR_MS, at, (t) => t.type === 'password.reset' && (t.newIp === true || t.newDevice === true));
    if (resets.length === 0) return null;
    const habit = loanHabit(state, event, minHistory);
    if (!habit || habit.ratio < factor) return null;
    const ratio = habit.ratio;
    const reset = resets[resets.length - 1];
    const from = reset.newDevice
      ? { en: `a device never used before (${reset.deviceId})`, zh: `从未使用过的设备（${reset.deviceId}）` }
      : { en: `a network never used before (${reset.ip})`, zh: `从未使用过的网络（${reset.ip}）` };
    const hours = hoursBetween(reset.at, event.occurredAt);
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        ratio,
        factor,
        resetEventId: reset.id,
        resetIp: reset.ip ?? null,
        resetDeviceId: reset.deviceId ?? null,
        hoursAfterReset: hours,
        windowHours,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}; with the day's loans ${ratio}× the account's median loan) was opened ${hours} h after the password was reset from ${from.en}.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}，连同当日贷款为该账户贷款中位数的 ${ratio} 倍）在密码经${from.zh}重置后 ${hours} 小时开立。`,
      },
    };
  },
});
