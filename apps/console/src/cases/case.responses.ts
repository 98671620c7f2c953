import { approval } from '../approvals/approval.responses';
import { CASE_RESOLUTIONS, RESOLUTION_REASON_CODES } from '@sentinel/persistence';
import { z } from 'zod';
import { jsonObject, localized, named, timestamp } from '../api-responses';
import { ruleSetDiff } from '../rules/rule.responses';

export const caseStatus = z.enum(['open', 'in_review', 'resolved']);
export const resolution = z.enum(CASE_RESOLUTIONS);
const reasonCode = z.enum(RESOLUTION_REASON_CODES);
export const answer = z.enum(['me', 'not_me']);

/** What every list of cases shows of each: the queue, search results, an entity's cases and the live feed. */
export const caseSummary = z.object({
  id: z.uuid(),
  referenceCode: z.string(),
  accountId: z.string(),
  status: caseStatus,
  decision: z.enum(['alert', 'urgent']),
  priority: z.enum(['normal', 'high']),
  score: z.number(),
  openedAt: timestamp,
});

/** One row of the queue. */
const queueCase = named(
  'QueueCase',
  caseSummary.extend({
    updatedAt: timestamp,
    resolution: resolution.nullable(),
    resolutionReason: reasonCode.nullable(),
    waitingSeconds: z.number().int().describe('seconds from opening to resolution, or to now while unresolved'),
    overSla: z.boolean().describe('unresolved for longer than CASE_SLA_MINUTES'),
    borrowerAnswer: answer.nullable(),
    unreachable: z.boolean(),
    escalatedAt: timestamp.nullable(),
    historical: z.boolean(),
    assignee: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }).nullable(),
    rules: z.array(z.string()),
  }),
);

export const casePage = named(
  'CasePage',
  z.object({
    items: z.array(queueCase),
    total: z.number().int(),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
    slaMinutes: z.number().int().describe('the waiting-time target (CASE_SLA_MINUTES)'),
  }),
);

/** The case row itself, as stored. */
const caseRecord = named(
  'CaseRecord',
  z.object({
    id: z.uuid(),
    referenceCode: z.string(),
    accountId: z.string(),
    status: caseStatus,
    decision: z.enum(['alert', 'urgent']),
    score: z.number(),
    priority: z.enum(['normal', 'high']),
    ruleSetVersion: z.number().int(),
    correlationId: z.string().nullable(),
    openedAt: timestamp,
    updatedAt: timestamp,
    resolution: resolution.nullable(),
    resolutionReason: reasonCode.nullable(),
    resolutionNote: z.string().nullable(),
    resolvedAt: timestamp.nullable(),
    borrowerAnswer: answer.nullable(),
    unreachable: z.boolean(),
    assigneeId: z.uuid().nullable(),
    claimedAt: timestamp.nullable(),
    escalatedAt: timestamp.nullable(),
    escalatedBy: z.string().nullable(),
    firstActionAt: timestamp.nullable(),
    historical: z.boolean(),
  }),
);

const auditNamesSchema = named(
  'AuditNames',
  z.object({
    analysts: z.record(z.string(), z.string()).describe('display names of the analysts whose ids the entries hold'),
    cases: z.record(z.string(), z.string()).describe('reference codes of the cases the entries are about'),
  }),
);

const auditEntry = named(
  'AuditEntry',
  z.object({
    id: z.string(),
    at: timestamp,
    actor: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: jsonObject.nullable(),
    after: jsonObject.nullable(),
  }),
);

export const caseDetail = named(
  'CaseDetail',
  z.object({
    case: caseRecord.extend({ assignee: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }).nullable() }),
    amountMinor: z.number().int().describe("the case's flagged loans in fen, which FOUR_EYES_AMOUNT is compared with"),
    pendingResolution: approval.nullable().describe('a confirmation of fraud awaiting a second approval; the case shows "awaiting approval" until then'),
    hits: z.array(
      z.object({
        id: z.string(),
        eventId: z.string(),
        ruleId: z.string(),
        severity: z.string(),
        score: z.number(),
        evidence: jsonObject,
        explanation: localized,
        ruleSetVersion: z.number().int(),
        createdAt: timestamp,
      }),
    ),
    ruleSets: z.array(z.object({ version: z.number().int(), createdAt: timestamp, createdBy: z.string(), reason: z.string().nullable() })),
    alerts: z.array(
      z.object({
        id: z.string(),
        alertId: z.uuid(),
        channel: z.enum(['email', 'sms']),
        template: z.string(),
        recipient: z.string().nullable().describe('masked'),
        status: z.string(),
        providerStatus: z.string().nullable(),
        attempts: z.array(z.object({ deliveryId: z.string(), attempt: z.number().int(), at: timestamp, channel: z.string(), status: z.string(), error: z.string().nullable() })),
        lastError: z.string().nullable(),
        sentAt: timestamp.nullable(),
        nextAttemptAt: timestamp.nullable(),
        createdAt: timestamp,
      }),
    ),
    answers: z.array(z.object({ answer, via: z.string(), outcome: z.enum(['applied', 'unverified', 'case_claimed', 'case_resolved', 'case_evidence']), answeredAt: timestamp })),
    notes: z.array(z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: timestamp })),
    audit: z.array(auditEntry),
    auditNames: auditNamesSchema,
    contacts: z.array(z.object({ kind: z.enum(['phone', 'email']), masked: z.string(), since: timestamp })),
    snoozes: z.array(z.object({ id: z.uuid(), ruleId: z.string(), until: timestamp, reason: z.string(), createdBy: z.string(), createdAt: timestamp })),
    timeline: z.array(
      z
        .looseObject({
          id: z.string(),
          type: z.string(),
          occurredAt: timestamp,
          channel: z.string().optional(),
          device: z.object({ id: z.string().optional(), ip: z.string().optional() }).optional(),
          payload: jsonObject.describe('masked'),
          flagged: z.boolean(),
        })
        .describe('the account event, masked'),
    ),
    timelineTruncated: z.boolean().describe('the oldest events were left out'),
  }),
);

/** After claim, release, assign, status, reopen and escalate: the case as it now stands. */
export const caseAction = named(
  'CaseAction',
  z.looseObject({
    case: caseRecord,
    approval: z
      .looseObject({ id: z.uuid(), status: z.literal('pending') })
      .optional()
      .describe('confirmed fraud above FOUR_EYES_AMOUNT: the request now awaiting a second approval; the case is unchanged'),
  }),
);

export const nextCase = named(
  'NextCase',
  z.object({ case: caseRecord.nullable().describe('the case taken, now claimed by the caller; null when no case is waiting that the caller may work') }),
);

export const caseNote = named('CaseNote', z.object({ case: caseRecord, note: z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: timestamp }) }));

export const revealed = named('RevealedField', z.object({ field: z.string(), value: z.string().describe('in full; the reveal is audited') }));

export const auditPage = named(
  'AuditPage',
  z.object({
    items: z.array(auditEntry.extend({ ruleDiff: ruleSetDiff.optional().describe('on a rule-set change: what differs between its versions') })),
    nextBefore: z.number().int().nullable(),
    names: auditNamesSchema,
  }),
);
