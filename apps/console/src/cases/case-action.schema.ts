import { CASE_RESOLUTIONS, RESOLUTION_REASON_CODES, RESOLUTION_REASONS } from '@sentinel/persistence';
import { z } from 'zod';
import { freeText } from '../free-text';

export const assignBody = z.strictObject({
  analystId: z.uuid('must be an analyst id'),
  /** Why: the analyst it goes to, and the one it is taken from, are told it with the reassignment. */
  reason: freeText({ length: 0 }, { length: 1000, message: 'a reason is at most 1000 characters' }).optional(),
});
export type AssignBody = z.infer<typeof assignBody>;

const resolutionEnum = z.enum(CASE_RESOLUTIONS, { error: 'must be fraud_confirmed, legitimate or inconclusive' });
const reasonCodeEnum = z.enum(RESOLUTION_REASON_CODES, { error: `must be one of ${RESOLUTION_REASON_CODES.join(', ')}` });
const resolutionNote = freeText({ length: 0 }, { length: 1000, message: 'a note is at most 1000 characters' }).optional();

/** A reason belongs to one outcome (a duplicate is not confirmed fraud); `other` says why in a note. */
export function checkReason(value: { resolution: string; reasonCode: string; note?: string }, issue: (path: string, message: string) => void) {
  const fits = RESOLUTION_REASONS[value.reasonCode as keyof typeof RESOLUTION_REASONS];
  if (fits && fits !== value.resolution) issue('reasonCode', `${value.reasonCode} is a reason for ${fits}, not ${value.resolution}`);
  if (value.reasonCode === 'other' && (value.note ?? '').length < 3) issue('note', 'with reason other, say why in at least 3 characters');
}

const resolvedBody = z
  .strictObject({ status: z.literal('resolved'), resolution: resolutionEnum, reasonCode: reasonCodeEnum, note: resolutionNote })
  .superRefine((value, ctx) => checkReason(value, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message })));

export const statusBody = z.discriminatedUnion('status', [z.strictObject({ status: z.literal('open') }), z.strictObject({ status: z.literal('in_review') }), resolvedBody], {
  error: 'status must be open, in_review or resolved (with a resolution and a reasonCode)',
});
export type StatusBody = z.infer<typeof statusBody>;

export const noteBody = z.strictObject({ body: freeText({ length: 1, message: 'a note cannot be empty' }, { length: 4000, message: 'a note is at most 4000 characters' }) });

export const reopenBody = z.strictObject({ reason: freeText({ length: 3, message: 'say why, in at least 3 characters' }, { length: 1000 }) });

export const escalateBody = z.strictObject({ reason: freeText({ length: 3, message: 'say why, in at least 3 characters' }, { length: 1000 }) });

export const revealBody = z.strictObject({
  field: z.enum(['phone', 'email', 'holderName'], { error: 'field must be phone, email or holderName' }),
  /** For holderName: the timeline event whose card it was. */
  eventId: z.string().min(1).max(100).optional(),
});
export type RevealBody = z.infer<typeof revealBody>;
