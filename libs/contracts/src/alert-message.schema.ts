import { z } from 'zod';
import { identifier } from './envelope.schema';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const localizedTextSchema = z.strictObject({ en: z.string(), 'zh-CN': z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const DECISIONS = ['notice', 'alert', 'urgent'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What the detector hands to the notifier through the outbox: masked facts only, no contacts. */
export const alertMessageSchema = z.strictObject({
  alertId: z.uuid(),
  caseId: z.uuid(),
  accountId: identifier('accountId'),
  referenceCode: z.string().regex(/^[A-Z0-9]{8}$/),
  decision: z.enum(DECISIONS),
  ruleSetVersion: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  correlationId: identifier('correlationId').optional(),
  event: z.strictObject({
    id: identifier('event.id'),
    type: z.string(),
    occurredAt: z.iso.datetime({ offset: true }),
    channel: z.string(),
    cardMasked: z.string().optional(),
    deviceId: z.string().optional(),
  }),
  hits: z
    .array(
      z.strictObject({
        ruleId: z.string(),
        severity: z.enum(['low', 'medium', 'high', 'critical']),
        score: z.number(),
        explanation: localizedTextSchema,
      }),
    )
    .min(1),
});

export type AlertMessage = z.infer<typeof alertMessageSchema>;
