import { z } from 'zod';
import { freeText } from '../free-text';

export const approvalDecisionBody = z.strictObject({ note: freeText({ length: 0 }, { length: 1000, message: 'a note is at most 1000 characters' }).optional() });
export type ApprovalDecisionBody = z.infer<typeof approvalDecisionBody>;
