import { CASE_RESOLUTIONS } from '@sentinel/persistence';
import { z } from 'zod';

export const assignBody = z.strictObject({ analystId: z.uuid('must be an analyst id') });

export const statusBody = z.discriminatedUnion(
  'status',
  [
    z.strictObject({ status: z.literal('open') }),
    z.strictObject({ status: z.literal('in_review') }),
    z.strictObject({ status: z.literal('resolved'), resolution: z.enum(CASE_RESOLUTIONS, { error: 'must be fraud_confirmed, legitimate or inconclusive' }) }),
  ],
  { error: 'status must be open, in_review or resolved (with a resolution)' },
);
export type StatusBody = z.infer<typeof statusBody>;

export const noteBody = z.strictObject({ body: z.string().trim().min(1, 'a note cannot be empty').max(4000, 'a note is at most 4000 characters') });

export const reopenBody = z.strictObject({ reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(1000) });

export const escalateBody = z.strictObject({ reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(1000) });

export const revealBody = z.strictObject({
  field: z.enum(['phone', 'email', 'holderName'], { error: 'field must be phone, email or holderName' }),
  /** For holderName: the timeline event whose card it was. */
  eventId: z.string().min(1).max(100).optional(),
});
export type RevealBody = z.infer<typeof revealBody>;
