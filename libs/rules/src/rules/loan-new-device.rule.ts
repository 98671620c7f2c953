import { deviceStanding, onBorrowerDevice } from '../account-state';
import { defineRule } from '../rule';
import { otherDevices } from '../sightings';
import { standingText } from '../trust';
import { amountText } from './loan-helpers';

/**
 * A loan taken in the borrower's own channels from a device the account does not trust: never
 * seen, first seen within the hours before (an intruder logs in, then borrows), or one that came
 * through a takeover signal and was never re-verified, however long ago (stronger then). An OTP
 * does not clear it: after a SIM swap the intruder receives the OTP; one to a number on file for
 * long lowers the score (benign.otp-trusted-contact), a face check re-verifies the device.
 * Partner channels have their own rule.
 */
export const loanNewDeviceRule = defineRule<{ lookbackDays: number; establishedAfterHours: number; takeoverBonus: number }>({
  id: 'loan.new-device',
  description: 'Loan from a device not established on the account',
  category: 'fraud',
  phase: 'immediate',
  on: ['loan.opened'],
  defaults: { severity: 'medium', score: 40, params: { lookbackDays: 180, establishedAfterHours: 24, takeoverBonus: 30 } },
  evaluate(state, event, _clock, params) {
    if (event.type !== 'loan.opened' || !event.device || !onBorrowerDevice(event) || event.channel.startsWith('partner:')) return null;
    const deviceId = event.device.id;
    const others = otherDevices(state, deviceId);
    if (others.length === 0) return null;
    const known = state.devices[deviceId];
    const how = deviceStanding(known, event.occurredAt, params);
    if (how === 'established' || how === 'verified') return null;
    return {
      ...(how === 'takeover' ? { scoreAdjust: params.takeoverBonus } : {}),
      evidence: {
        deviceTrust: how,
        eventId: event.id,
        loanId: event.payload.loanId,
        amount: amountText(event),
        deviceId,
        familiarity: how,
        firstSeenAt: known?.firstSeenAt ?? null,
        ...(known?.deniedAt ? { deniedAt: known.deniedAt } : {}),
        otherKnownDevices: others.length,
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was taken from device ${deviceId}, ${standingText(known, how, event.occurredAt).en}; the account has ${others.length} other known device(s).`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）在设备 ${deviceId} 上申请，该设备${standingText(known, how, event.occurredAt).zh}；该账户另有 ${others.length} 台已知设备。`,
      },
    };
  },
});
