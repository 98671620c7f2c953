import { z } from 'zod';
import { LOCALES } from '../alert-message.schema';
import { envelopeShape } from '../envelope.schema';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM');

/** The borrower's message preferences, as the platform's app records them. */
export const preferencesUpdatedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('preferences.updated'),
  payload: z.strictObject({
    locale: z.enum(LOCALES).optional(),
    /** Channels for notices; fraud alerts use every channel with a contact whatever this says. */
    channels: z
      .array(z.enum(['email', 'sms']))
      .min(1)
      .optional(),
    /** No notices between start and end (the borrower's local time); fraud alerts ignore it. */
    quietHours: z.strictObject({ start: clock, end: clock }).nullable().optional(),
  }),
});
