import { z } from 'zod';
import { envelopeShape } from '../envelope.schema';

export const identityDocumentUpdatedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('identity.document.updated'),
  payload: z.strictObject({
    documentType: z.enum(['resident_id', 'passport', 'other']),
    // A full ID number is sensitive personal information (PIPL art. 28); only its tail travels.
    numberLast4: z
      .string()
      .regex(/^[0-9Xx]{4}$/, 'numberLast4 must be the last 4 characters of the ID number')
      .optional(),
    // ISO 8601 spells a year 0000 but Postgres dates start at 0001: such a date passed here, and
    // then the store refused the event, which was accepted over HTTP and dead-lettered later.
    expiresOn: z.iso.date().refine((day) => !day.startsWith('0000-'), 'expiresOn must be a date from 0001-01-01 on'),
  }),
});
