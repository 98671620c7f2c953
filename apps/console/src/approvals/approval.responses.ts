import { z } from 'zod';
import { jsonObject, named, timestamp } from '../api-responses';

/** A decision waiting for (or given) a second person's approval. */
export const approval = named(
  'Approval',
  z.object({
    id: z.uuid(),
    kind: z.enum(['rule_set', 'case_resolution']).describe('rule_set: a rule-set change or rollback; case_resolution: confirmed fraud above FOUR_EYES_AMOUNT'),
    subject: z.string().describe('the case id, or "live" for the rule set'),
    payload: jsonObject.describe('what will be done on approval: the rule-set change or rollback body, or the resolution'),
    requestedBy: z.string(),
    requesterId: z.uuid(),
    requestedAt: timestamp,
    status: z.enum(['pending', 'approved', 'rejected']),
    decidedBy: z.string().nullable(),
    decidedAt: timestamp.nullable(),
    decisionNote: z.string().nullable(),
    referenceCode: z.string().nullable().describe("the case's reference code; null for the rule set"),
    amountMinor: z.number().int().nullable().describe("a case's flagged loans, in fen; null for the rule set"),
  }),
);

export const approvalList = named('ApprovalList', z.object({ items: z.array(approval).describe('pending, oldest first') }));

export const approvalDecision = named(
  'ApprovalDecision',
  z.object({ approval, ruleSetVersion: z.number().int().nullable().describe('on an approved rule-set publication: the version now live') }),
);
