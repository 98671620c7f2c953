import { NOTIFICATION_KINDS } from '@sentinel/persistence';
import { z } from 'zod';
import { named, timestamp } from '../api-responses';

const slaBreach = named(
  'SlaBreach',
  z.object({
    id: z.uuid(),
    referenceCode: z.string(),
    accountId: z.string(),
    status: z.enum(['open', 'in_review']),
    priority: z.enum(['normal', 'high']),
    openedAt: timestamp,
    overMinutes: z.number().int().describe('minutes past the target (CASE_SLA_MINUTES)'),
    assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    escalatedAt: timestamp.nullable(),
    escalatedBySla: z.boolean().describe('escalated by the SLA pass, not by a person'),
  }),
);

export const slaBreachList = named(
  'SlaBreachList',
  z.object({
    items: z.array(slaBreach).describe('longest over first; at most 500'),
    total: z.number().int().describe('every unresolved case past the target'),
    slaMinutes: z.number().int().describe('the target (CASE_SLA_MINUTES)'),
  }),
);

export const slaBreachCount = named('SlaBreachCount', z.object({ total: z.number().int().describe('every unresolved case past the target') }));

export const notification = named(
  'Notification',
  z.object({
    id: z.string().describe('ordered: a newer notification has a larger id'),
    kind: z.enum(NOTIFICATION_KINDS).describe('sla_breach (supervisors), mention (a note @mentioned you), assigned (a case given to you), unassigned (a case taken from you)'),
    case: z.object({ id: z.uuid(), referenceCode: z.string() }),
    by: z.string().nullable().describe('who mentioned or reassigned, by display name; null for the SLA pass'),
    detail: z.string().nullable().describe('the note that mentioned you, or the reason given for the reassignment; masked as typed'),
    createdAt: timestamp,
    readAt: timestamp.nullable(),
  }),
);

export const notificationList = named('NotificationList', z.object({ items: z.array(notification).describe('newest first; at most 100'), unread: z.number().int() }));
