import { z } from 'zod';
import { envelopeShape, identifier } from '../envelope.schema';

const CONSENT_PURPOSES = ['loan', 'card.bind', 'card.unbind', 'contact.change'] as const;

export const consentVerifiedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('consent.verified'),
  payload: z.strictObject({
    method: z.enum(['otp', 'face', 'esign']),
    purpose: z.enum(CONSENT_PURPOSES),
    // The loan id or card ref this consent authorises, when the platform knows it up front.
    subjectId: identifier('subjectId').optional(),
  }),
});
