import { ENTITY_KINDS } from '@sentinel/rules';
import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { caseStatus, resolution } from '../cases/case.responses';

export const linkedAccounts = named(
  'LinkedAccounts',
  z.object({
    entity: z.object({ kind: z.enum(ENTITY_KINDS), masked: z.string() }),
    accounts: z.array(
      z.object({
        accountId: z.string(),
        events: z.number().int(),
        sensitiveActions: z.number().int(),
        eventTypes: z.array(z.string()),
        firstAt: timestamp.describe('event time'),
        lastAt: timestamp.describe('event time'),
      }),
    ),
    accountsTruncated: z.boolean(),
    cases: z.array(
      z.object({
        id: z.uuid(),
        referenceCode: z.string(),
        accountId: z.string(),
        status: caseStatus,
        resolution: resolution.nullable(),
        decision: z.enum(['alert', 'urgent']),
        priority: z.enum(['normal', 'high']),
        score: z.number(),
        openedAt: timestamp,
        rules: z.array(z.string()),
      }),
    ),
  }),
);
