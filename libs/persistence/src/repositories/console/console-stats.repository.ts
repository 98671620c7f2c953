import type { DataSource } from 'typeorm';
import { overSla } from './case-filter';

/** The console's figures over the last `days` days, in the platform's time zone, as Postgres counts them. */
export abstract class ConsoleStats {
  abstract overview(days: number, tz: string): Promise<ConsoleOverview>;
  /** Each queue's and each active analyst's work: what came in, what waits, what is past its target, how fast it moved. */
  abstract workload(days: number, tz: string, slaMinutes: number): Promise<ConsoleWorkload>;
}

/** One queue's or one analyst's figures; times in seconds, null with nothing to measure. */
interface WorkloadFigures {
  /** Cases opened in the window (a queue's intake; an analyst's: opened in the window and theirs now). */
  intake: number;
  /** Unresolved now. */
  backlog: number;
  /** Unresolved now and open for longer than the SLA target. */
  overTarget: number;
  /** Of the cases opened in the window and acted on, the median time from opening to the first analyst action. */
  firstTouchMedianSeconds: number | null;
  /** Cases resolved in the window. */
  resolved: number;
  /** Of them, the median time from opening to resolution. */
  resolveMedianSeconds: number | null;
  /** Of them, confirmed fraud. */
  fraudConfirmed: number;
}

export interface ConsoleWorkload {
  /** The queue by tier: `urgent` cases, and `alert` step-ups (in the queue while the borrower may still close them with an answer); `unassigned` counts each one's backlog nobody holds. */
  queues: (WorkloadFigures & { queue: 'urgent' | 'alert'; unassigned: number })[];
  /** Every active analyst, by the cases they hold (a resolved case counts for whoever held it when it was resolved). */
  analysts: (WorkloadFigures & { id: string; username: string; displayName: string })[];
}

/** The start of the window: the first of the last `$1` days in time zone `$2`. */
const WINDOW_START = `((date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $1 - 1)) AT TIME ZONE $2)`;
/** The figures of a group of `fraud_case c` rows; `$3` the SLA target in minutes. */
const FIGURES = `count(c.id) FILTER (WHERE c.opened_at >= ${WINDOW_START})::int AS intake,
  count(c.id) FILTER (WHERE c.status <> 'resolved')::int AS backlog,
  count(c.id) FILTER (WHERE ${overSla('$3')})::int AS "overTarget",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_action_at - c.opened_at))
    FILTER (WHERE c.opened_at >= ${WINDOW_START} AND c.first_action_at IS NOT NULL) AS "firstTouchMedianSeconds",
  count(c.id) FILTER (WHERE c.resolved_at >= ${WINDOW_START})::int AS resolved,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.resolved_at - c.opened_at)) FILTER (WHERE c.resolved_at >= ${WINDOW_START}) AS "resolveMedianSeconds",
  count(c.id) FILTER (WHERE c.resolved_at >= ${WINDOW_START} AND c.resolution = 'fraud_confirmed')::int AS "fraudConfirmed"`;
/** Only the cases a figure can count: unresolved, or opened or resolved in the window (the partial indexes serve the first). */
const IN_SCOPE = `(c.status <> 'resolved' OR c.opened_at >= ${WINDOW_START} OR c.resolved_at >= ${WINDOW_START})`;

export interface ConsoleOverview {
  daily: { day: string; opened: number; closed: number; firstActionMedianSeconds: number | null }[];
  firstAction: { cases: number; acted: number; medianSeconds: number | null; p90Seconds: number | null }[];
  channels: { channel: string; total: number; sent: number; delivered: number; failed: number }[];
  answers: { alerted: number; answered: number; notMe: number }[];
  reasons: { resolution: string; reasonCode: string; cases: number }[];
  tiers: { headsUp: number; stepUp: number; case: number; countedFrom: Date; partial: boolean };
}

export class ConsoleStatsRepository implements ConsoleStats {
  constructor(private readonly dataSource: DataSource) {}

  async overview(days: number, tz: string): Promise<ConsoleOverview> {
    const window = [days, tz];
    const since = WINDOW_START;
    const [daily, firstAction, channels, answers, reasons, [tiers]] = await Promise.all([
      this.dataSource.query<{ day: string; opened: number; closed: number; firstActionMedianSeconds: number | null }[]>(
        `WITH d AS (SELECT generate_series(date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $1 - 1),
                                             date_trunc('day', now() AT TIME ZONE $2), interval '1 day')::date AS day)
           SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
                  (SELECT count(*)::int FROM fraud_case c WHERE (c.opened_at AT TIME ZONE $2)::date = d.day) AS opened,
                  (SELECT count(*)::int FROM fraud_case c WHERE (c.resolved_at AT TIME ZONE $2)::date = d.day) AS closed,
                  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_action_at - c.opened_at))
                     FROM fraud_case c WHERE (c.opened_at AT TIME ZONE $2)::date = d.day AND c.first_action_at IS NOT NULL) AS "firstActionMedianSeconds"
             FROM d ORDER BY d.day`,
        window,
      ),
      this.dataSource.query<{ cases: number; acted: number; medianSeconds: number | null; p90Seconds: number | null }[]>(
        `SELECT count(*)::int AS cases, count(first_action_at)::int AS acted,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_action_at - opened_at)) AS "medianSeconds",
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_action_at - opened_at)) AS "p90Seconds"
             FROM fraud_case WHERE opened_at >= ${since}`,
        window,
      ),
      this.dataSource.query<{ channel: string; total: number; sent: number; delivered: number; failed: number }[]>(
        `SELECT channel, count(*)::int AS total,
                  count(*) FILTER (WHERE status = 'sent')::int AS sent,
                  count(*) FILTER (WHERE provider_status = 'delivered' OR (channel = 'email' AND status = 'sent'))::int AS delivered,
                  count(*) FILTER (WHERE status IN ('failed', 'dead'))::int AS failed
             FROM delivery WHERE created_at >= ${since} GROUP BY channel ORDER BY channel`,
        window,
      ),
      this.dataSource.query<{ alerted: number; answered: number; notMe: number }[]>(
        `SELECT count(*)::int AS alerted, count(*) FILTER (WHERE c.borrower_answer IS NOT NULL)::int AS answered,
                  count(*) FILTER (WHERE c.borrower_answer = 'not_me')::int AS "notMe"
             FROM fraud_case c WHERE c.opened_at >= ${since}
              AND EXISTS (SELECT 1 FROM delivery d WHERE d.case_id = c.id AND d.status = 'sent')`,
        window,
      ),
      // Cases closed in the window by why: unknown (closed before reasons existed) counts as its own row.
      this.dataSource.query<{ resolution: string; reasonCode: string; cases: number }[]>(
        `SELECT c.resolution, COALESCE(c.resolution_reason, 'unknown') AS "reasonCode", count(*)::int AS cases
             FROM fraud_case c WHERE c.status = 'resolved' AND c.resolved_at >= ${since}
            GROUP BY 1, 2 ORDER BY cases DESC, 2`,
        window,
      ),
      // The responses the detector sent, by tier, from the outbox it sends them through: each judged
      // event's "was this you?" carries its decision (notice a heads-up, alert a step-up, urgent a
      // case), and a step-up nobody answered, or that linked evidence made urgent, becomes a case with
      // a step_up_expired or step_up_escalated action; as
      // sentinel_detector_responses_total counts them. The outbox keeps published rows only for
      // OUTBOX_RETENTION_HOURS: countedFrom says how far back it reaches.
      this.dataSource.query<{ headsUp: number; stepUp: number; case: number; countedFrom: Date; partial: boolean }[]>(
        `SELECT count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'decision' = 'notice')::int AS "headsUp",
                  count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'decision' = 'alert')::int AS "stepUp",
                  count(*) FILTER (WHERE (topic = 'account.alerts' AND payload->>'decision' = 'urgent')
                                      OR (topic = 'account.actions' AND payload->>'reason' IN ('step_up_expired', 'step_up_escalated')))::int AS "case",
                  GREATEST(${since}, (SELECT min(created_at) FROM outbox)) AS "countedFrom",
                  COALESCE((SELECT min(created_at) FROM outbox) > ${since}, false) AS partial
             FROM outbox
            WHERE created_at >= ${since}
              AND ((topic = 'account.alerts' AND payload->>'kind' = 'fraud') OR (topic = 'account.actions' AND payload->>'reason' IN ('step_up_expired', 'step_up_escalated')))`,
        window,
      ),
    ]);
    return { daily, firstAction, channels, answers, reasons, tiers };
  }

  async workload(days: number, tz: string, slaMinutes: number): Promise<ConsoleWorkload> {
    const window = [days, tz, slaMinutes];
    const [queues, analysts] = await Promise.all([
      this.dataSource.query<ConsoleWorkload['queues']>(
        `SELECT q.queue, ${FIGURES},
                count(c.id) FILTER (WHERE c.status <> 'resolved' AND c.assignee_id IS NULL)::int AS unassigned
           FROM (VALUES ('urgent'), ('alert')) AS q(queue)
           LEFT JOIN fraud_case c ON c.decision = q.queue AND ${IN_SCOPE}
          GROUP BY q.queue ORDER BY q.queue = 'alert', q.queue`,
        window,
      ),
      this.dataSource.query<ConsoleWorkload['analysts']>(
        `SELECT a.id, a.username, a.display_name AS "displayName", ${FIGURES}
           FROM analyst a
           LEFT JOIN fraud_case c ON c.assignee_id = a.id AND ${IN_SCOPE}
          WHERE NOT a.disabled
          GROUP BY a.id ORDER BY backlog DESC, "overTarget" DESC, a.username`,
        window,
      ),
    ]);
    return { queues, analysts };
  }
}
