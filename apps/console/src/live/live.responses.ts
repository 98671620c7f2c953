import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { answer, caseStatus, resolution } from '../cases/case.responses';

/** The data of a `case` event on the live feed: the queue's fields, so a listed row takes it as is. */
export const caseChange = named(
  'CaseChange',
  z.object({
    id: z.uuid(),
    referenceCode: z.string(),
    accountId: z.string(),
    status: caseStatus,
    resolution: resolution.nullable(),
    decision: z.enum(['alert', 'urgent']),
    priority: z.enum(['normal', 'high']),
    score: z.number(),
    borrowerAnswer: answer.nullable(),
    assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    openedAt: timestamp,
    updatedAt: timestamp,
    mark: z.string().describe('the event id: a reconnect resumes after it'),
  }),
);
