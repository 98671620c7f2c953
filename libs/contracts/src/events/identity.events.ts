import { z } from 'zod';
import { envelopeShape } from '../envelope.schema';

export const identityDocumentUpdatedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('identity.document.updated'),
  payload: z.strictObject({
    documentType: z.enum(['resident_id', 'passport', 'other']),
    // A full ID number is sensitive personal information (PIPL art. 28); only its tail travels.
    numberLast4: z.string().regex(/^[0-9Xx]{4}$/, 'numberLast4 must be the last 4 characters of the ID number').optional(),
    expiresOn: z.iso.date(),
  }),
});
