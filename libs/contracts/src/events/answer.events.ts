import { z } from 'zod';
import { distinctArray } from '../distinct-array';
import { envelopeShape, identifier } from '../envelope.schema';

/** The most devices one answer vouches for or against: a case's flagged events come from a few. */
export const ANSWERED_DEVICES_MAX = 8;

/**
 * The borrower's answer to a case, once it counted: "was me" through a contact on file since well
 * before the flagged activity, or "not me". Sentinel itself publishes it (the console, when the
 * answer is applied), so that the trust model learns from it: the devices the case's flagged
 * events came from are re-verified by a "was me" and marked as taken over by a "not me". The
 * gateway refuses it from anyone else: a platform that could send it could wash a takeover mark.
 */
export const borrowerAnsweredSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('borrower.answered'),
  payload: z.strictObject({
    answer: z.enum(['me', 'not_me']),
    /** The case the answer was to, by the reference code the borrower was shown. */
    caseReference: identifier('caseReference'),
    deviceIds: distinctArray(identifier('deviceId'), 'deviceIds', ANSWERED_DEVICES_MAX),
  }),
});

/** Event types only Sentinel publishes: the gateway refuses them from the platform. */
export const SENTINEL_EVENT_TYPES = ['borrower.answered'] as const;
