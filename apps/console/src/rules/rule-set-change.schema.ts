import { z } from 'zod';
import { freeText } from '../free-text';

const severity = z.enum(['low', 'medium', 'high', 'critical']);

// Names are checked here as well as against the catalog: a key such as `__proto__` would otherwise
// vanish into the parsed object's prototype and the change would pass as an empty one.
const ruleId = z.string().regex(/^[a-z][a-z0-9.-]{0,99}$/, 'a rule id is lower-case letters, digits, dots and dashes');
const paramName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a parameter name is letters and digits');

export const ruleSetChangeBody = z.strictObject({
  reason: freeText({ length: 3, message: 'say why, in at least 3 characters' }, { length: 500 }),
  /** The version the change was made against; a newer live version makes it a 409, not a silent overwrite. */
  expectedVersion: z.number().int().positive().optional(),
  rules: z
    .record(
      ruleId,
      z.strictObject({
        enabled: z.boolean().optional(),
        severity: severity.optional(),
        score: z.number().optional(),
        params: z.record(paramName, z.number()).optional(),
      }),
    )
    .optional(),
  decisions: z.strictObject({ notice: z.number().optional(), alert: z.number().optional(), urgent: z.number().optional() }).optional(),
});

export type RuleSetChangeBody = z.infer<typeof ruleSetChangeBody>;
