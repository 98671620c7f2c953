import { z } from 'zod';
import { identifier } from './envelope.schema';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const localizedTextSchema = z.strictObject({ en: z.string(), 'zh-CN': z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const DECISIONS = ['notice', 'alert', 'urgent'] as const;
export type Decision = (typeof DECISIONS)[number];

export const NOTICE_TYPES = ['card.invalidated', 'id.expiring', 'id.expired'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/**
 * What the detector hands to the notifier through the outbox: masked facts only, no contacts.
 * `fraud` messages tell the borrower about activity that may not have been theirs (with a case
 * from `alert` up); `notice` messages tell them something needs doing (a document, a card).
 */
export const alertMessageSchema = z.strictObject({
  alertId: z.uuid(),
  kind: z.enum(['fraud', 'notice']),
  caseId: z.uuid().optional(),
  accountId: identifier('accountId'),
  referenceCode: z.string().regex(/^[A-Z0-9]{8}$/),
  decision: z.enum(DECISIONS),
  ruleSetVersion: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  correlationId: identifier('correlationId').optional(),
  event: z
    .strictObject({
      id: identifier('event.id'),
      type: z.string(),
      occurredAt: z.iso.datetime({ offset: true }),
      channel: z.string(),
      cardMasked: z.string().optional(),
      deviceId: z.string().optional(),
    })
    .optional(),
  notice: z
    .strictObject({
      type: z.enum(NOTICE_TYPES),
      cardMasked: z.string().optional(),
      expiresOn: z.iso.date().optional(),
      daysLeft: z.number().int().optional(),
    })
    .optional(),
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
}).refine((m) => (m.kind === 'fraud' ? m.event !== undefined : m.notice !== undefined), {
  message: 'a fraud message needs its event, a notice its notice',
});

export type AlertMessage = z.infer<typeof alertMessageSchema>;

export const ACTION_RECOMMENDATIONS = ['hold_disbursement', 'hold_card_binding'] as const;

/** What the platform should do about an account now: a recommendation it acts on, not a command. */
export const accountActionSchema = z.strictObject({
  actionId: z.uuid(),
  accountId: identifier('accountId'),
  caseId: z.uuid(),
  referenceCode: z.string(),
  recommendations: z.array(z.enum(ACTION_RECOMMENDATIONS)).min(1),
  reason: z.enum(['urgent_risk', 'borrower_denied']),
  score: z.number(),
  ruleIds: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
  correlationId: identifier('correlationId').optional(),
});

export type AccountAction = z.infer<typeof accountActionSchema>;
