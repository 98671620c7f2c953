import { z } from 'zod';
import { distinctArray } from '../distinct-array';
import { envelopeShape, identifier } from '../envelope.schema';

/** The most devices one answer vouches for or against: a case's flagged events come from a few. */
export const ANSWERED_DEVICES_MAX = 8;

/** A device the answer is about, with when the event it was asked about happened. */
const answeredDevice = z.strictObject({
  id: identifier('devices.id'),
  flaggedAt: z.iso.datetime({ offset: true }),
});

/**
 * The borrower's answer to a case, once it counted: "was me" through a contact on file since well
 * before the flagged activity, or "not me". Sentinel itself publishes it (the console or gateway,
 * when the answer is applied), so that the trust model learns from it: the devices of the event
 * the borrower was asked about are re-verified by a "was me", and marked as someone else's by a
 * "not me" where the account did not yet trust them then. The gateway refuses it from anyone
 * else: a platform that could send it could wash a takeover mark.
 */
export const borrowerAnsweredSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('borrower.answered'),
  payload: z.strictObject({
    answer: z.enum(['me', 'not_me']),
    /** The case the answer was to, by the reference code the borrower was shown. */
    caseReference: identifier('caseReference'),
    devices: distinctArray(answeredDevice, 'devices', ANSWERED_DEVICES_MAX, (device) => device.id, 'device id'),
  }),
});

/** Event types only Sentinel publishes: the gateway refuses them from the platform. */
const SENTINEL_EVENT_TYPES: readonly string[] = ['borrower.answered'];

/** Whether only Sentinel itself may publish events of this type. */
export const isSentinelEventType = (type: string): boolean => SENTINEL_EVENT_TYPES.includes(type);
