import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { answer, caseSummary, resolution } from '../cases/case.responses';

/** The data of a `case` event on the live feed: the queue's fields, so a listed row takes it as is. */
export const caseChange = named(
  'CaseChange',
  caseSummary.extend({
    resolution: resolution.nullable(),
    borrowerAnswer: answer.nullable(),
    assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    openedAt: timestamp,
    updatedAt: timestamp,
    slaEscalatedAt: timestamp.nullable().describe('when the SLA pass escalated the case (#24): supervisors then have a notification'),
    mark: z.string().describe('the event id: a reconnect resumes after it'),
  }),
);
