import { z } from 'zod';
import { envelopeShape, identifier } from '../envelope.schema';

export const loanOpenedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('loan.opened'),
  payload: z.strictObject({
    loanId: identifier('loanId'),
    // Minor units (fen, cents) so that amounts compare exactly.
    amountMinor: z.number().int().positive().max(1e13),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as CNY'),
    merchantId: identifier('merchantId').optional(),
    termMonths: z.number().int().positive().max(600).optional(),
  }),
});
