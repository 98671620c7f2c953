import { ENTITY_KINDS } from '@sentinel/rules';
import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { caseSummary, resolution } from '../cases/case.responses';

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
      caseSummary.extend({
        resolution: resolution.nullable(),
        rules: z.array(z.string()),
      }),
    ),
  }),
);
