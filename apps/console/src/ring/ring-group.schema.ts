import { z } from 'zod';
import { resolveFields } from '../case-work/case-bulk.schema';
import { checkReason } from '../cases/case-action.schema';

/** One decision for the whole ring: what resolving a case says, for every case of the group. */
export const ringDecisionBody = z
  .strictObject(resolveFields)
  .superRefine((value, ctx) => checkReason(value, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message })));
export type RingDecisionBody = z.infer<typeof ringDecisionBody>;
