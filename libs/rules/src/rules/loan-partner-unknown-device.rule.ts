import { partnerOf } from '@sentinel/contracts';
import { defineRule } from '../rule';
import { FAMILIARITY_TEXT, familiarity, otherDevices } from '../sightings';
import { amountText } from './loan-helpers';

/**
 * A loan opened through a partner or merchant channel from a device or IP the account does not
 * know. Context: a shop's terminal is unknown to every borrower who buys there with their own OTP;
 * it weighs beside evidence, such as no consent for the loan.
 */
export const loanPartnerUnknownDeviceRule = defineRule<{ lookbackDays: number; establishedAfterHours: number }>({
  id: 'loan.partner-unknown-device',
  description: 'Loan through a partner or merchant channel from an unknown device or IP',
  category: 'fraud',
  phase: 'immediate',
  kind: 'context',
  on: ['loan.opened'],
  defaults: { severity: 'high', score: 50, params: { lookbackDays: 90, establishedAfterHours: 72 } },
  evaluate(state, event, _clock, params) {
    if (event.type !== 'loan.opened' || !event.device) return null;
    const partner = partnerOf(event.channel);
    if (!partner) return null;
    if (otherDevices(state, event.device.id).length === 0) return null;
    const device = familiarity(state.devices[event.device.id], event.occurredAt, params);
    const ip = event.device.ip;
    const ipHow = ip && Object.keys(state.ips).length ? familiarity(state.ips[ip], event.occurredAt, { ...params, establishedAfterHours: 0 }) : 'established';
    if (device === 'established' && ipHow === 'established') return null;
    const byDevice = device !== 'established';
    const subject = byDevice ? `device ${event.device.id}` : `IP ${ip}`;
    const subjectZh = byDevice ? `设备 ${event.device.id}` : `IP ${ip}`;
    const how = FAMILIARITY_TEXT[(byDevice ? device : ipHow) as Exclude<typeof device, 'established'>];
    return {
      evidence: {
        eventId: event.id,
        loanId: event.payload.loanId,
        partner,
        deviceId: event.device.id,
        ip: ip ?? null,
        device,
        ipFamiliarity: ipHow,
        amount: amountText(event),
      },
      explanation: {
        en: `Loan ${event.payload.loanId} (${amountText(event)}) was opened through partner ${partner} from ${subject}, ${how.en}.`,
        'zh-CN': `贷款 ${event.payload.loanId}（${amountText(event)}）经合作方 ${partner} 开立，所用${subjectZh}${how.zh}。`,
      },
    };
  },
});
