import { CASE_RESOLUTIONS, RESOLUTION_REASON_CODES } from '@sentinel/persistence';
import { z } from 'zod';
import { checkReason } from '../cases/case-action.schema';
import { freeText } from '../free-text';

/** One request acts on at most this many cases: a page of the queue, and a transaction each. */
const BULK_MAX_CASES = 200;

const caseIds = z
  .array(z.uuid('must be case ids'), { error: 'must be a list of case ids' })
  .min(1, 'select at least one case')
  .max(BULK_MAX_CASES, `at most ${BULK_MAX_CASES} cases at once; split the selection`);
const reason = freeText({ length: 3, message: 'say why, in at least 3 characters' }, { length: 1000 });

/** What resolving says, whichever cases it is for: the outcome, a reason that fits it, a note. */
export const resolveFields = {
  resolution: z.enum(CASE_RESOLUTIONS, { error: 'must be fraud_confirmed, legitimate or inconclusive' }),
  reasonCode: z.enum(RESOLUTION_REASON_CODES, { error: `must be one of ${RESOLUTION_REASON_CODES.join(', ')}` }),
  note: freeText({ length: 0 }, { length: 1000, message: 'a note is at most 1000 characters' }).optional(),
};

export const bulkBody = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('assign'), caseIds, analystId: z.uuid('must be an analyst id'), reason }),
    z.strictObject({ action: z.literal('escalate'), caseIds, reason }),
    z
      .strictObject({ action: z.literal('resolve'), caseIds, ...resolveFields })
      .superRefine((value, ctx) => checkReason(value, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message }))),
  ],
  { error: 'action must be assign, escalate or resolve' },
);
export type BulkBody = z.infer<typeof bulkBody>;
