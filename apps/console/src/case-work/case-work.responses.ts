import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { caseStatus } from '../cases/case.responses';

export const bulkOutcome = named(
  'BulkOutcome',
  z.object({
    batch: z.string().describe('tags every audit entry of this batch'),
    done: z.number().int(),
    refused: z.number().int(),
    results: z.array(
      z.object({
        id: z.string(),
        referenceCode: z.string().nullable().describe('null for an id that names no case'),
        ok: z.boolean(),
        status: caseStatus.optional().describe('after the action, when done'),
        awaitingApproval: z.boolean().optional().describe('resolved as confirmed fraud above FOUR_EYES_AMOUNT: the case waits, unchanged, for a second approval'),
        assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable().optional().describe('who holds the case after the action, when done; null when nobody does'),
        error: z.string().optional().describe('when refused: the code the single action would give'),
        message: z.string().optional(),
        holder: z
          .object({ id: z.uuid(), username: z.string(), displayName: z.string(), since: timestamp })
          .optional()
          .describe('on CASE_HELD: who holds the case and since when, as the single action names them'),
      }),
    ),
  }),
);

export const savedFilter = named(
  'SavedFilter',
  z.object({
    id: z.uuid(),
    name: z.string(),
    query: z.string(),
    visibility: z.enum(['private', 'team']).describe("team: the owner's teammates see and apply it (#24 team views)"),
    owner: z.object({ id: z.uuid(), displayName: z.string() }),
    mine: z.boolean().describe('whether the caller owns it: only the owner changes or deletes it'),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const savedFilterList = named('SavedFilterList', z.object({ items: z.array(savedFilter) }));
