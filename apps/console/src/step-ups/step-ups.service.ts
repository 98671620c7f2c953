import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccountEvent } from '@sentinel/contracts';
import { waitingStepUp } from '@sentinel/persistence';
import { type Hold, stepUpHolds } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { StepUpsQuery } from './step-ups.query';
import { STEP_UP_OUTCOMES, type StepUpOutcome } from './step-ups.responses';

/** A step-up waits for the borrower exactly while the detector's expiry pass would still raise it. */
const WAITING = waitingStepUp('c');

/**
 * How step-ups ended, each from the record its outcome leaves: an applied "was me" (which only a
 * step-up can have: on an urgent case it is evidence beside it), an applied "not me" on a case that
 * was still a step-up as the audit log saw it before the answer, and the detector's expiry note.
 */
const OUTCOMES = `
  SELECT a.case_id, CASE a.answer WHEN 'me' THEN 'released' ELSE 'not_me' END AS outcome, a.answered_at AS at
    FROM borrower_answer a
   WHERE a.case_id IS NOT NULL AND a.outcome = 'applied' AND a.answered_at >= $1
     AND (a.answer = 'me' OR (a.answer = 'not_me' AND EXISTS (
           SELECT 1 FROM audit_log l
            WHERE l.entity_type = 'case' AND l.entity_id = a.case_id::text AND l.action = 'case.borrower_answer'
              AND l.before->>'decision' = 'alert' AND l.after->>'answer' = 'not_me' AND l.after->>'outcome' = 'applied')))
  UNION ALL
  SELECT n.case_id, 'expired', n.created_at FROM case_note n WHERE n.author = 'system:step-up' AND n.created_at >= $1`;

interface WaitingRow {
  id: string;
  reference_code: string;
  account_id: string;
  score: number;
  opened_at: Date;
  due_at: Date;
  seconds_left: number;
  rules: string[] | null;
  event_types: AccountEvent['type'][] | null;
}

interface OutcomeRow {
  case_id: string;
  outcome: StepUpOutcome;
  at: Date;
  reference_code: string;
  account_id: string;
  opened_at: Date;
  rules: string[] | null;
}

/** What the union of a step-up's flagged events holds, in a stable order. */
export function heldBy(eventTypes: readonly (AccountEvent['type'] | undefined)[]): Hold[] {
  const held = new Set((eventTypes.length ? eventTypes : [undefined]).flatMap((type) => stepUpHolds(type)));
  return (['hold_disbursement', 'hold_card_binding'] as const).filter((h) => held.has(h));
}

/** Step-ups waiting for the borrower, with the time left before they go to analysts, and how recent ones ended. */
@Injectable()
export class StepUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'stepUpAnswerMs'>,
  ) {}

  async overview({ days, limit }: StepUpsQuery) {
    const waitMs = this.config.stepUpAnswerMs;
    const since = new Date(Date.now() - days * 86_400_000);
    const [waiting, [{ total }], counts, recent] = await Promise.all([
      this.dataSource.query<WaitingRow[]>(
        `SELECT c.id, c.reference_code, c.account_id, c.score, c.opened_at,
                c.opened_at + make_interval(secs => $1::float8 / 1000) AS due_at,
                floor(extract(epoch FROM c.opened_at + make_interval(secs => $1::float8 / 1000) - now()))::int AS seconds_left,
                (SELECT array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules,
                (SELECT array_agg(DISTINCT e.type) FROM rule_hit h JOIN account_event e ON e.account_id = h.account_id AND e.id = h.event_id
                  WHERE h.case_id = c.id) AS event_types
           FROM fraud_case c WHERE ${WAITING}
          ORDER BY c.opened_at, c.id LIMIT $2`,
        [waitMs, limit],
      ),
      this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM fraud_case c WHERE ${WAITING}`),
      this.dataSource.query<{ outcome: StepUpOutcome; n: number }[]>(`SELECT o.outcome, count(*)::int AS n FROM (${OUTCOMES}) o GROUP BY o.outcome`, [since]),
      this.dataSource.query<OutcomeRow[]>(
        `SELECT o.case_id, o.outcome, o.at, c.reference_code, c.account_id, c.opened_at,
                (SELECT array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules
           FROM (${OUTCOMES}) o JOIN fraud_case c ON c.id = o.case_id
          ORDER BY o.at DESC, o.case_id LIMIT $2`,
        [since, limit],
      ),
    ]);
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
