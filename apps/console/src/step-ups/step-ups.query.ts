import { z } from 'zod';

export const stepUpsQuery = z.strictObject({
  /** Outcomes of the last N days, counted and listed. */
  days: z.coerce.number().int().min(1).max(90).default(7),
  /** Rows of each list (waiting, recent outcomes); the counts cover every row. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type StepUpsQuery = z.infer<typeof stepUpsQuery>;
