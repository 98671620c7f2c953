import { z } from 'zod';
import { envelopeShape } from '../envelope.schema';

const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone must be in E.164 form, such as +8613800138000');

export const contactChangedSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('contact.changed'),
  payload: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('phone'), value: phoneSchema }),
    z.strictObject({ kind: z.literal('email'), value: z.email('value must be an email address') }),
  ]),
});

export const deviceLoginSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('device.login'),
  payload: z.strictObject({
    method: z.enum(['password', 'otp', 'biometric', 'sso']),
  }),
});

export const passwordResetSchema = z.strictObject({
  ...envelopeShape,
  type: z.literal('password.reset'),
  payload: z.strictObject({
    method: z.enum(['sms', 'email', 'support']),
  }),
});
