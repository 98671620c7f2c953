import { z } from 'zod';

const severity = z.enum(['low', 'medium', 'high', 'critical']);

export const ruleSetChangeBody = z.strictObject({
  reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(500),
  /** The version the change was made against; a newer live version makes it a 409, not a silent overwrite. */
  expectedVersion: z.number().int().positive().optional(),
  rules: z
    .record(
      z.string(),
      z.strictObject({
        enabled: z.boolean().optional(),
        severity: severity.optional(),
        score: z.number().optional(),
        params: z.record(z.string(), z.number()).optional(),
      }),
    )
    .optional(),
  decisions: z.strictObject({ notice: z.number().optional(), alert: z.number().optional(), urgent: z.number().optional() }).optional(),
});

export type RuleSetChangeBody = z.infer<typeof ruleSetChangeBody>;
