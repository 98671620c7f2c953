import { z } from 'zod';
import { distinctArray } from './distinct-array';
import { identifier } from './envelope.schema';
import { DELIVERY_CHANNELS } from './events/preferences.events';

/**
 * Hits (and rule ids) a message may carry: one per rule, and more than the rule catalog holds, so
 * a message that passes never has to be cut; past it, someone else wrote the message.
 */
export const MAX_ALERT_HITS = 64;

const localizedTextSchema = z.strictObject({ en: z.string(), 'zh-CN': z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const DECISIONS = ['notice', 'alert', 'urgent'] as const;
export type Decision = (typeof DECISIONS)[number];

const NOTICE_TYPES = ['card.invalidated', 'id.expiring', 'id.expired'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** The event a message is about, masked. */
const alertEventSchema = z.strictObject({
  id: identifier('event.id'),
  type: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  channel: z.string(),
  cardMasked: z.string().optional(),
  deviceId: z.string().optional(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** What needs doing, for a notice. */
const alertNoticeSchema = z.strictObject({
  type: z.enum(NOTICE_TYPES),
  cardMasked: z.string().optional(),
  expiresOn: z.iso.date().optional(),
  daysLeft: z.number().int().optional(),
});
export type AlertNotice = z.infer<typeof alertNoticeSchema>;

const messageFields = {
  alertId: z.uuid(),
  caseId: z.uuid().optional(),
  accountId: identifier('accountId'),
  referenceCode: z.string().regex(/^[A-Z0-9]{8}$/),
  decision: z.enum(DECISIONS),
  ruleSetVersion: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  correlationId: identifier('correlationId').optional(),
  hits: distinctArray(
    z.strictObject({
      ruleId: z.string(),
      severity: z.enum(['low', 'medium', 'high', 'critical']),
      score: z.number(),
      explanation: localizedTextSchema,
    }),
    'hits',
    MAX_ALERT_HITS,
    (hit) => hit.ruleId,
    'rule',
  ).min(1),
};

/** Activity that may not have been the borrower's (with a case from `alert` up): always about an event. */
const fraudMessageSchema = z.strictObject({
  ...messageFields,
  kind: z.literal('fraud'),
  event: alertEventSchema,
  /**
   * Channels whose contact lately received a password reset that a device the account did not
   * trust asked for: whoever asked may read what goes there. A step-up's link does not go there,
   * and a "was me" through one does not close anything.
   */
  untrustedChannels: distinctArray(z.enum(DELIVERY_CHANNELS), 'untrustedChannels', DELIVERY_CHANNELS.length).min(1).optional(),
});

/** Something the borrower needs to do (a document, a card): always a notice, with the event behind it when there is one. */
const noticeMessageSchema = z.strictObject({ ...messageFields, kind: z.literal('notice'), event: alertEventSchema.optional(), notice: alertNoticeSchema });

/**
 * What the detector hands to the notifier through the outbox: masked facts only, no contacts.
 * One of the two kinds, told apart by `kind`, so that a message that parses has what its kind needs.
 */
export const alertMessageSchema = z.discriminatedUnion('kind', [fraudMessageSchema, noticeMessageSchema]);

export type AlertMessage = z.infer<typeof alertMessageSchema>;

// release_holds: a step-up the borrower confirmed through a trusted contact; lift what it held.
const ACTION_RECOMMENDATIONS = ['hold_disbursement', 'hold_card_binding', 'release_holds'] as const;

/** What the platform should do about an account now: a recommendation it acts on, not a command. */
export const accountActionSchema = z.strictObject({
  actionId: z.uuid(),
  accountId: identifier('accountId'),
  caseId: z.uuid(),
  referenceCode: z.string(),
  recommendations: distinctArray(z.enum(ACTION_RECOMMENDATIONS), 'recommendations', ACTION_RECOMMENDATIONS.length).min(1),
  // step_up: doubts an answer can clear; hold the event's own disbursement or binding until the borrower answers.
  // step_up_expired: no answer to a step-up in time; hold everything, the case goes to analysts.
  // step_up_escalated: evidence no answer clears joined a waiting step-up (a ring it belongs to took
  // over an account first); hold everything, whatever the borrower answers.
  reason: z.enum(['urgent_risk', 'step_up', 'step_up_expired', 'step_up_escalated', 'borrower_denied', 'borrower_confirmed']),
  score: z.number(),
  ruleIds: distinctArray(z.string(), 'ruleIds', MAX_ALERT_HITS),
  createdAt: z.iso.datetime({ offset: true }),
  correlationId: identifier('correlationId').optional(),
});

export type AccountAction = z.infer<typeof accountActionSchema>;
