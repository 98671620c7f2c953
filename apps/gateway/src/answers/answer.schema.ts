import { identifier } from '@sentinel/contracts';
import { z } from 'zod';

/** An answer the borrower gave in the platform's own app, for the reference code in a link-free message. */
export const answerBody = z.strictObject({
  accountId: identifier('accountId'),
  referenceCode: z.string().regex(/^[A-Z0-9]{8}$/, 'referenceCode must be the 8-character code from the message'),
  answer: z.enum(['me', 'not_me']),
  /** The borrower's device as the app saw it, for the audit trail. */
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  userAgent: z.string().max(500).optional(),
});
