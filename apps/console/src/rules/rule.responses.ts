import { z } from 'zod';
import { named, timestamp } from '../api-responses';

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const decisions = z.record(z.enum(['notice', 'alert', 'urgent']), z.number()).describe('the lowest combined score for each decision');
const settings = { enabled: z.boolean(), severity, score: z.number(), params: z.record(z.string(), z.number()) };

export const liveRule = named(
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
  z.object({ version: z.number().int(), createdAt: timestamp.nullable(), createdBy: z.string(), reason: z.string(), decisions, rules: z.array(liveRule) }),
);

export const ruleCatalog = named('RuleCatalog', z.object({ items: z.array(z.object({ id: z.string(), description: z.string() })) }));

export const ruleSetHistory = named(
  'RuleSetHistory',
  z.object({ items: z.array(z.object({ version: z.number().int(), createdAt: timestamp, createdBy: z.string(), reason: z.string().nullable() })) }),
);

export const changedRuleSet = named(
  'ChangedRuleSet',
  z.object({ version: z.number().int(), decisions, rules: z.record(z.string(), z.object(settings)) }),
);
