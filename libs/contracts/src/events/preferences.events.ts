import { z } from 'zod';
import { LOCALES } from '../i18n/catalogue';
import { distinctArray } from '../distinct-array';
import { envelopeShape } from '../envelope.schema';

/** What a borrower can be reached by; each at most once in a preference. */
export const DELIVERY_CHANNELS = ['email', 'sms'] as const;
export type DeliveryChannelName = (typeof DELIVERY_CHANNELS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM');

/** The borrower's message preferences, as the platform's app records them. */
export const preferencesUpdatedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('preferences.updated'),
  payload: z.strictObject({
    locale: z.enum(LOCALES).optional(),
    /** Channels for notices; fraud alerts use every channel with a contact whatever this says. */
    channels: distinctArray(z.enum(DELIVERY_CHANNELS), 'channels', DELIVERY_CHANNELS.length).min(1).optional(),
    /** No notices between start and end (the borrower's local time); fraud alerts ignore it. */
    quietHours: z.strictObject({ start: clock, end: clock }).nullable().optional(),
  }),
});
