import { z } from 'zod';
import { envelopeShape, identifier } from '../envelope.schema';

// Only what PCI DSS allows to be shown travels: the first 6 and last 4 digits, never the PAN.
const cardSchema = z.strictObject({
  ref: identifier('card.ref'),
  fingerprint: identifier('card.fingerprint').optional(),
  first6: z
    .string()
    .regex(/^\d{6}$/, 'card.first6 must be exactly 6 digits')
    .optional(),
  last4: z.string().regex(/^\d{4}$/, 'card.last4 must be exactly 4 digits'),
  issuer: z.string().min(1).max(64).optional(),
  holderName: z.string().min(1).max(64).optional(),
});

export type CardRef = z.infer<typeof cardSchema>;

export const cardBoundSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('card.bound'),
  payload: z.strictObject({ card: cardSchema }),
});

export const cardUnboundSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('card.unbound'),
  payload: z.strictObject({
    card: cardSchema,
    reason: z.string().max(200).optional(),
  }),
});

export const cardInvalidatedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('card.invalidated'),
  payload: z.strictObject({
    card: cardSchema,
    reason: z.enum(['expired', 'cancelled_by_bank', 'reported_lost', 'other']),
  }),
});
