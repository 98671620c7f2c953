import { approval } from '../approvals/approval.responses';
import { z } from 'zod';
import { named, timestamp } from '../api-responses';

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const decisions = z.record(z.enum(['notice', 'alert', 'urgent']), z.number()).describe('the lowest combined score for each decision');
const settings = { enabled: z.boolean(), severity, score: z.number(), params: z.record(z.string(), z.number()) };

const liveRule = named(
  'LiveRule',
  z.object({
    id: z.string(),
    description: z.string(),
    category: z.enum(['fraud', 'notice']),
    phase: z.enum(['immediate', 'deferred', 'scheduled', 'cross-account']),
    ...settings,
    defaults: z.object({ severity, score: z.number(), params: z.record(z.string(), z.number()) }),
    // Loose: the query behind it also hands back its rule_id column.
    measured: z.looseObject({
      hits: z.number().int(),
      cases: z.number().int(),
      fraud: z.number().int(),
      legitimate: z.number().int(),
      precision: z.number().nullable().describe('fraud / (fraud + legitimate); null before any such outcome'),
    }),
  }),
);

export const liveRuleSet = named(
  'LiveRuleSet',
  z.object({
    version: z.number().int(),
    createdAt: timestamp.nullable(),
    createdBy: z.string(),
    reason: z.string(),
    decisions,
    rules: z.array(liveRule),
    fourEyes: z.boolean().describe('FOUR_EYES_RULE_SETS: a change or rollback waits for a second supervisor'),
    pendingPublication: approval.nullable().describe('the change or rollback awaiting approval, if any'),
  }),
);

export const ruleCatalog = named('RuleCatalog', z.object({ items: z.array(z.object({ id: z.string(), description: z.string() })) }));

export const ruleSetHistory = named(
  'RuleSetHistory',
  z.object({ items: z.array(z.object({ version: z.number().int(), createdAt: timestamp, createdBy: z.string(), reason: z.string().nullable() })) }),
);

export const changedRuleSet = named('ChangedRuleSet', z.object({ version: z.number().int(), decisions, rules: z.record(z.string(), z.object(settings)) }));

export const rolledBackRuleSet = named(
  'RolledBackRuleSet',
  z.object({ version: z.number().int(), restoredFrom: z.number().int(), decisions, rules: z.record(z.string(), z.object(settings)) }),
);

// A field present in one version alone has no value in the other: that side is left out.
const fieldChange = z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() });

export const ruleSetDiff = named(
  'RuleSetDiff',
  z.object({
    fromVersion: z.number().int(),
    toVersion: z.number().int(),
    rules: z.array(z.object({ ruleId: z.string(), changes: z.array(fieldChange) })).describe('only rules that differ, in id order'),
    decisions: z.array(fieldChange),
  }),
);

const decisionCounts = z.record(z.enum(['notice', 'alert', 'urgent']), z.number().int());
const sample = z.object({ count: z.number().int(), sample: z.array(z.string()).describe('event ids') });
const rollupCounts = z.object({ merchants: z.number().int(), rings: z.number().int() });
const affectedAccounts = z.object({
  count: z.number().int().describe('every account on this side'),
  sample: z
    .array(
      z.object({
        accountId: z.string(),
        ruleIds: z.array(z.string()).describe("the rules the case would hold (the draft's for an opened case, the live set's for a closed one)"),
        case: z
          .object({ id: z.string().uuid(), referenceCode: z.string(), status: z.enum(['open', 'in_review', 'resolved']) })
          .nullable()
          .describe("the account's case today, an unresolved one first, else its newest; null when it never had one"),
      }),
    )
    .describe('up to sampleSize accounts, drawn in a stable pseudo-random order'),
});
const precisionEstimate = z.object({
  n: z.number().int().describe('sampled accounts with an outcome that this version would give a case'),
  fraud: z.number().int(),
  legitimate: z.number().int(),
  precision: z.number().nullable().describe('fraud / n, to three places; null when n is 0'),
});

export const backtestResult = named(
  'BacktestResult',
  z.object({
    from: timestamp,
    to: timestamp,
    days: z.number().int(),
    elapsedMs: z.number().int(),
    events: z.number().int(),
    accounts: z.number().int(),
    baselineVersion: z.number().int(),
    table: z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())) }).describe('what npm run replay prints: rule, baseline hits, draft hits, +added, -removed'),
    rules: z.array(
      z.object({
        ruleId: z.string(),
        baseline: z.number().int(),
        candidate: z.number().int(),
        added: sample,
        removed: sample,
        caseAccounts: z.object({ baseline: z.number().int(), candidate: z.number().int() }).describe('accounts each version would give a case holding this rule'),
      }),
    ),
    cases: z
      .object({ sampleSize: z.number().int(), opened: affectedAccounts, closed: affectedAccounts })
      .describe('accounts the draft would newly give a case (opened) and those it would no longer give one (closed)'),
    precision: z
      .object({
        withOutcome: z
          .number()
          .int()
          .describe('accounts flagged by either version whose newest case opened in the range is resolved fraud or legitimate, or answered by the borrower'),
        sampled: z.number().int().describe('of them, the ones the estimate is on'),
        baseline: precisionEstimate,
        candidate: precisionEstimate,
      })
      .describe("each version's precision on the sampled accounts with an outcome, counted as a rule's measured precision"),
    decisions: z.object({ baseline: decisionCounts, candidate: decisionCounts }),
    rollups: z.object({ baseline: rollupCounts, candidate: rollupCounts }),
  }),
);

export const storedRuleSet = named(
  'StoredRuleSet',
  z.object({
    version: z.number().int(),
    rules: z.record(z.string(), z.object(settings)).describe('as stored: rules added to the catalog since are absent'),
    decisions,
    createdAt: timestamp,
    createdBy: z.string(),
    reason: z.string().nullable(),
  }),
);

export const scoreCalibration = named(
  'ScoreCalibration',
  z.object({
    days: z.number().int(),
    bands: z
      .array(
        z.object({
          band: z.string().describe('0-19, 20-39, 40-59, 60-79 or 80-100'),
          from: z.number().int(),
          to: z.number().int(),
          cases: z.number().int().describe('cases resolved in the period whose score is in the band, whatever the resolution'),
          fraud: z.number().int().describe('of them, resolved fraud_confirmed'),
          legitimate: z.number().int().describe('of them, resolved legitimate'),
          decided: z.number().int().describe('fraud + legitimate: the n the share is of'),
          share: z.number().nullable().describe('fraud / decided, to three places; null with none decided'),
        }),
      )
      .describe('every band, lowest first, empty ones included'),
  }),
);
