import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { caseStatus, resolution } from '../cases/case.responses';

export const ringGroup = named(
  'RingGroup',
  z.object({
    id: z.uuid(),
    anchorCaseId: z.uuid().describe('the case the investigation was opened from: its ring is the graph'),
    createdBy: z.string(),
    createdAt: timestamp,
    cases: z
      .array(
        z.object({
          id: z.uuid(),
          referenceCode: z.string(),
          accountId: z.string(),
          status: caseStatus,
          resolution: resolution.nullable(),
          assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
        }),
      )
      .describe('the anchor first, then by reference code'),
  }),
);

export const caseRingGroup = named('CaseRingGroup', z.object({ group: ringGroup.nullable().describe('the ring investigation the case is part of; null when none') }));
