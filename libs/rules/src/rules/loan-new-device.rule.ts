import { onBorrowerDevice } from '../account-state';
import { defineRule } from '../rule';
import { FAMILIARITY_TEXT, familiarity, otherDevices } from '../sightings';
import { amountText } from './loan-helpers';

/**
 * A loan taken in the borrower's own channels from a device the account does not know yet: never
 * seen, or first seen within the hours before (an intruder logs in, then borrows). An OTP does not
 * clear it: after a SIM swap the intruder receives the OTP. Partner channels have their own rule.
 */
export const loanNewDeviceRule = defineRule<{ lookbackDays: number; establishedAfterHours: number }>({
  id: 'loan.new-device',
  description: 'Loan from a device not established on the account',
  category: 'fraud',
  phase: 'immediate',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 40, params: { lookbackDays: 180, establishedAfterHours: 24 } },
  evaluate(state, event, _clock, params) {
    if (event.type !== 'loan.opened' || !event.device || !onBorrowerDevice(event) || event.channel.startsWith('partner:')) return null;
    const deviceId = event.device.id;
    const others = otherDevices(state, deviceId);
    if (others.length === 0) return null;
    const known = state.devices[deviceId];
    const how = familiarity(known, event.occurredAt, params);
    if (how === 'established') return null;
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        deviceId,
        familiarity: how,
        firstSeenAt: known?.firstSeenAt ?? null,
        otherKnownDevices: others.length,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was taken from device ${deviceId}, ${FAMILIARITY_TEXT[how].en}; the account has ${others.length} other known device(s).`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）在设备 ${deviceId} 上申请，该设备${FAMILIARITY_TEXT[how].zh}；该账户另有 ${others.length} 台已知设备。`,
      },
    };
  },
});
