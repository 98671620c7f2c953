import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates environment variables once, at boot. Each variable's schema carries a description of
 * what it should be, which the error repeats, so a bad deployment says exactly what to fix.
 */
export function loadEnv<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  // An empty string in a .env file means "not set", not "set to nothing".
  const input = Object.fromEntries(Object.keys(shape).map((name) => [name, env[name] === '' ? undefined : env[name]]));
  const parsed = z.object(shape).safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const expected = (shape[name] as z.ZodType | undefined)?.description;
    const what = input[name] === undefined ? 'is required but not set' : issue.message;
    return `${name} ${what}${expected ? ` (expected: ${expected})` : ''}`;
  });
  throw new ConfigError(problems);
}

export const csv = (description: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1, 'must list at least one value'))
    .describe(description);

export const port = (fallback: number, description: string) => z.coerce.number().int().min(1).max(65535).default(fallback).describe(description);

export const boolean = (fallback: boolean, description: string) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1')
    .describe(description);

export const timeZone = (fallback: string, description: string) =>
  z
    .string()
    .default(fallback)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Shanghai')
    .describe(description);

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** A duration written as a number and a unit (ms, s, m, h, d), in milliseconds. */
export const duration = (fallback: string, examples: string, description: string) =>
  z
    .string()
    .regex(DURATION, `must be a duration such as ${examples}`)
    .default(fallback)
    .transform((text) => {
      const [, amount, unit] = DURATION.exec(text)!;
      return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    })
    .describe(description);

/**
 * STEP_UP_ANSWER_WAIT, read by the detector (which raises an unanswered step-up once it has passed)
 * and the console (which counts down to that moment): one schema, so the two cannot disagree on
 * the default or the format.
 */
export const stepUpAnswerWait = (description: string) => duration('24h', '24h or 1d', description);

/**
 * Hours a contact must have been on file before a case's first flagged event for a "was me"
 * through it to close a step-up: the console applies it to answers, the notifier sends step-ups to
 * such a contact, so both are set to the same value.
 */
export const trustedContactHours = (description: string) =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .default(72)
    .describe(description);

/** The variables of a shape with no default that may not be left unset: what a deployment must set. */
export function requiredVariables(shape: z.ZodRawShape): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);
}
