import { z } from 'zod';
import { ruleSetChangeBody } from './rule-set-change.schema';
import { freeText } from '../free-text';

const version = z.coerce.number().int('a version is a whole number').min(1, 'versions start at 1');

export const ruleSetDiffQuery = z.strictObject({
  from: version,
  /** Omitted: the live version. */
  to: version.optional(),
});
export type RuleSetDiffQuery = z.infer<typeof ruleSetDiffQuery>;

export const ruleSetRollbackBody = z.strictObject({
  /** The earlier version whose settings go live again, as a new version. */
  version: z.number().int().min(1),
  reason: freeText({ length: 3, message: 'say why, in at least 3 characters' }, { length: 500 }),
  /** The live version the supervisor looked at; a newer one makes it a 409. */
  expectedVersion: z.number().int().positive().optional(),
});
export type RuleSetRollbackBody = z.infer<typeof ruleSetRollbackBody>;

export const ruleSetBacktestBody = z.strictObject({
  /** The last N days of stored events; the console's own cap (BACKTEST_MAX_DAYS) is checked too. */
  days: z.number().int('days is a whole number').min(1, 'days must be at least 1').max(365, 'days must be at most 365'),
  rules: ruleSetChangeBody.shape.rules,
  decisions: ruleSetChangeBody.shape.decisions,
});
export type RuleSetBacktestBody = z.infer<typeof ruleSetBacktestBody>;
