import { Inject, Injectable } from '@nestjs/common';
import type { AccountEvent } from '@sentinel/contracts';
import { StepUps } from '@sentinel/persistence';
import { type Hold, stepUpHolds } from '@sentinel/rules';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { StepUpsQuery } from './step-ups.query';
import { STEP_UP_OUTCOMES, type StepUpOutcome } from './step-ups.responses';

/** What the union of a step-up's flagged events holds, in a stable order. */
export function heldBy(eventTypes: readonly (AccountEvent['type'] | undefined)[]): Hold[] {
  const held = new Set((eventTypes.length ? eventTypes : [undefined]).flatMap((type) => stepUpHolds(type)));
  return (['hold_disbursement', 'hold_card_binding'] as const).filter((h) => held.has(h));
}

/** Step-ups waiting for the borrower, with the time left before they go to analysts, and how recent ones ended. */
@Injectable()
export class StepUpsService {
  constructor(
    private readonly stepUps: StepUps,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'stepUpAnswerMs'>,
  ) {}

  async overview({ days, limit }: StepUpsQuery) {
    const waitMs = this.config.stepUpAnswerMs;
    const since = new Date(Date.now() - days * 86_400_000);
    const { waiting, total, counts, recent } = await this.stepUps.overview(waitMs, since, limit);
    return {
      days,
      waitSeconds: Math.round(waitMs / 1000),
      waiting: {
        total,
        items: waiting.map((r) => ({
          caseId: r.id,
          referenceCode: r.reference_code,
          accountId: r.account_id,
          score: r.score,
          holds: heldBy(r.event_types ?? []),
          rules: r.rules ?? [],
          openedAt: r.opened_at,
          dueAt: r.due_at,
          secondsLeft: r.seconds_left,
        })),
      },
      outcomes: {
        counts: Object.fromEntries(STEP_UP_OUTCOMES.map((o) => [o, counts.find((c) => c.outcome === o)?.n ?? 0])) as Record<StepUpOutcome, number>,
        items: recent.map((r) => ({
          caseId: r.case_id,
          referenceCode: r.reference_code,
          accountId: r.account_id,
          outcome: r.outcome,
          at: r.at,
          openedAt: r.opened_at,
          rules: r.rules ?? [],
        })),
      },
    };
  }
}
