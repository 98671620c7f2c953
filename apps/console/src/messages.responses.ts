import { z } from 'zod';
import { named, timestamp } from './api-responses';

export const caughtMailList = named(
  'CaughtMailList',
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        receivedAt: timestamp,
        mailFrom: z.string().nullable(),
        rcptTo: z.array(z.string()).describe('masked'),
        subject: z.string().nullable(),
        textBody: z.string().nullable(),
        htmlBody: z.string().nullable(),
        sizeBytes: z.number().int(),
      }),
    ),
  }),
);

export const smsOutboxList = named('SmsOutboxList', z.object({ items: z.array(z.object({ id: z.string(), createdAt: timestamp, toMasked: z.string(), body: z.string() })) }));
