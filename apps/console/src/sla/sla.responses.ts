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

const notification = named(
  'Notification',
  z.object({
    id: z.string().describe('ordered: a newer notification has a larger id'),
    kind: z.enum(['sla_breach']),
    case: z.object({ id: z.uuid(), referenceCode: z.string() }),
    createdAt: timestamp,
    readAt: timestamp.nullable(),
  }),
);

export const notificationList = named('NotificationList', z.object({ items: z.array(notification).describe('newest first; at most 100'), unread: z.number().int() }));
