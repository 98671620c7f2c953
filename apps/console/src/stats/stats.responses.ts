import { z } from 'zod';
import { named, timestamp } from '../api-responses';

const figures = {
  intake: z.number().int().describe("cases opened in the window (an analyst's: opened in the window and held by them now)"),
  backlog: z.number().int().describe('unresolved now'),
  overTarget: z.number().int().describe('unresolved now and open longer than CASE_SLA_MINUTES'),
  firstTouchMedianSeconds: z.number().nullable().describe('cases opened in the window and acted on: median seconds from opening to the first analyst action'),
  resolved: z.number().int().describe('cases resolved in the window'),
  resolveMedianSeconds: z.number().nullable().describe('of them, median seconds from opening to resolution'),
  fraudConfirmed: z.number().int().describe('of them, resolved as confirmed fraud'),
};

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
    tiers: z
      .object({
        headsUp: z.number().int().describe('heads-ups: a message to the borrower, no case'),
        stepUp: z.number().int().describe('step-ups: a hold on what the event moves and a question to the borrower'),
        case: z.number().int().describe('cases for analysts: urgent on evidence, or a step-up nobody answered in time'),
        countedFrom: timestamp.describe('the window start, or the oldest outbox row when the outbox (OUTBOX_RETENTION_HOURS) does not reach back that far'),
        partial: z.boolean().describe('true when the outbox does not reach back to the window start: the counts cover less than the window'),
      })
      .describe('responses sent in the window, per tier, as sentinel_detector_responses_total counts them'),
    workload: z
      .object({
        slaMinutes: z.number().int().describe('the SLA target, CASE_SLA_MINUTES'),
        queues: z
          .array(z.object({ queue: z.enum(['urgent', 'alert']), ...figures, unassigned: z.number().int().describe('of the backlog, held by nobody') }))
          .describe(
            "urgent cases, and step-ups (in the queue while the borrower may still close them with a 'was me'; their resolved cases include those the borrower closed), each as a queue",
          ),
        analysts: z
          .array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), ...figures }))
          .describe('every active analyst by the cases they hold; a resolved case counts for whoever held it when it was resolved'),
      })
      .describe("each queue's and each analyst's work over the window"),
  }),
);
