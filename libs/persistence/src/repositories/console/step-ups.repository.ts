import type { AccountEvent } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import { waitingStepUp } from '../cases.repository';

/** How a step-up ended. */
type StepUpEnd = 'released' | 'not_me' | 'expired';

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

interface WaitingStepUpRow {
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

interface StepUpEndRow {
  case_id: string;
  outcome: StepUpEnd;
  at: Date;
  reference_code: string;
  account_id: string;
  opened_at: Date;
  rules: string[] | null;
}

export interface StepUpOverview {
  waiting: WaitingStepUpRow[];
  total: number;
  counts: { outcome: StepUpEnd; n: number }[];
  recent: StepUpEndRow[];
}

/** Step-ups waiting for the borrower (waitMs: how long they may), and how those since `since` ended. */
export abstract class StepUps {
  abstract overview(waitMs: number, since: Date, limit: number): Promise<StepUpOverview>;
}

export class StepUpsRepository implements StepUps {
  constructor(private readonly dataSource: DataSource) {}

  async overview(waitMs: number, since: Date, limit: number): Promise<StepUpOverview> {
    const [waiting, [{ total }], counts, recent] = await Promise.all([
      this.dataSource.query<WaitingStepUpRow[]>(
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
      this.dataSource.query<{ outcome: StepUpEnd; n: number }[]>(`SELECT o.outcome, count(*)::int AS n FROM (${OUTCOMES}) o GROUP BY o.outcome`, [since]),
      this.dataSource.query<StepUpEndRow[]>(
        `SELECT o.case_id, o.outcome, o.at, c.reference_code, c.account_id, c.opened_at,
                  (SELECT array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) FROM rule_hit h WHERE h.case_id = c.id) AS rules
             FROM (${OUTCOMES}) o JOIN fraud_case c ON c.id = o.case_id
            ORDER BY o.at DESC, o.case_id LIMIT $2`,
        [since, limit],
      ),
    ]);
    return { waiting, total, counts, recent };
  }
}
