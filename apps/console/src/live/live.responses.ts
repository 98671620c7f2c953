import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { answer, caseSummary, resolution } from '../cases/case.responses';
import { notification } from '../sla/sla.responses';

/** The data of a `case` event on the live feed: the queue's fields, so a listed row takes it as is. */
const caseChange = named(
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

/**
 * What the live feed sends: `case` events carry a CaseChange to every page; `notification` events
 * carry a Notification, only to the analyst it is for.
 */
export const liveEvent = named('LiveEvent', z.union([caseChange, notification]));
