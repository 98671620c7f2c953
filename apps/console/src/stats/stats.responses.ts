import { z } from 'zod';
import { named } from '../api-responses';

export const stats = named(
  'Stats',
  z.object({
    days: z.number().int(),
    timeZone: z.string(),
    daily: z.array(z.object({ day: z.iso.date(), opened: z.number().int(), closed: z.number().int(), firstActionMedianSeconds: z.number().nullable() })),
    firstAction: z.object({ cases: z.number().int(), acted: z.number().int(), medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() }),
    channels: z.array(z.object({ channel: z.string(), total: z.number().int(), sent: z.number().int(), delivered: z.number().int(), failed: z.number().int() })),
    answers: z.object({ alerted: z.number().int(), answered: z.number().int(), notMe: z.number().int(), rate: z.number().nullable() }),
    resolutionReasons: z
      .array(
        z.object({
          resolution: z.string(),
          reasonCode: z.string().describe("a resolution reason code; 'unknown' for cases resolved before codes existed"),
          cases: z.number().int(),
        }),
      )
      .describe('resolved cases in the window per resolution and reason code'),
  }),
);
