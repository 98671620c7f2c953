import { z } from 'zod';
import { named, timestamp } from '../api-responses';

export const snooze = named(
  'Snooze',
  z.object({
    id: z.uuid(),
    accountId: z.string(),
    ruleId: z.string(),
    until: timestamp,
    reason: z.string(),
    caseId: z.uuid().nullable(),
    createdBy: z.string(),
    createdAt: timestamp,
    liftedAt: timestamp.nullable(),
    liftedBy: z.string().nullable(),
  }),
);

export const snoozeList = named('SnoozeList', z.object({ items: z.array(snooze.extend({ active: z.boolean() })) }));
