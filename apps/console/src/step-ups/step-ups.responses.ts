import { z } from 'zod';
import { named, timestamp } from '../api-responses';

export const STEP_UP_OUTCOMES = ['released', 'not_me', 'expired'] as const;
export type StepUpOutcome = (typeof STEP_UP_OUTCOMES)[number];

const hold = z.enum(['hold_disbursement', 'hold_card_binding']);

const waitingStepUp = named(
  'WaitingStepUp',
  z.object({
    caseId: z.uuid(),
    referenceCode: z.string(),
    accountId: z.string(),
    score: z.number().int(),
    holds: z.array(hold).describe('what the step-up holds until the borrower answers: the disbursement of a loan, the binding of a card'),
    rules: z.array(z.string()),
    openedAt: timestamp,
    dueAt: timestamp.describe('when an unanswered step-up goes to analysts: opened + STEP_UP_ANSWER_WAIT'),
    secondsLeft: z.number().int().describe('seconds until dueAt; zero or less: due, the detector raises it on its next pass'),
  }),
);

const stepUpOutcome = named(
  'StepUpOutcome',
  z.object({
    caseId: z.uuid(),
    referenceCode: z.string(),
    accountId: z.string(),
    outcome: z
      .enum(STEP_UP_OUTCOMES)
      .describe(
        'released: "was me" through a trusted contact lifted the hold; not_me: the borrower denied it, the case went to analysts; expired: no answer in time, the detector raised it',
      ),
    at: timestamp,
    openedAt: timestamp,
    rules: z.array(z.string()),
  }),
);

export const stepUps = named(
  'StepUps',
  z.object({
    days: z.number().int(),
    waitSeconds: z.number().int().describe('STEP_UP_ANSWER_WAIT, in seconds'),
    waiting: z.object({ total: z.number().int(), items: z.array(waitingStepUp).describe('oldest first: the next to go to analysts') }),
    outcomes: z.object({
      counts: z.object({ released: z.number().int(), not_me: z.number().int(), expired: z.number().int() }).describe('step-ups that ended in the window, per outcome'),
      items: z.array(stepUpOutcome).describe('newest first'),
    }),
  }),
);
