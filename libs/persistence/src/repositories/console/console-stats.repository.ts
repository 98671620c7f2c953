import type { DataSource } from 'typeorm';

/** The console's figures over the last `days` days, in the platform's time zone, as Postgres counts them. */
export abstract class ConsoleStats {
  abstract overview(days: number, tz: string): Promise<ConsoleOverview>;
}

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
    const since = `(date_trunc('day', now() AT TIME ZONE $2) - make_interval(days => $1 - 1)) AT TIME ZONE $2`;
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
      // case), and a step-up nobody answered becomes a case with a step_up_expired action; as
      // sentinel_detector_responses_total counts them. The outbox keeps published rows only for
      // OUTBOX_RETENTION_HOURS: countedFrom says how far back it reaches.
      this.dataSource.query<{ headsUp: number; stepUp: number; case: number; countedFrom: Date; partial: boolean }[]>(
        `SELECT count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'decision' = 'notice')::int AS "headsUp",
                  count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'decision' = 'alert')::int AS "stepUp",
                  count(*) FILTER (WHERE (topic = 'account.alerts' AND payload->>'decision' = 'urgent')
                                      OR (topic = 'account.actions' AND payload->>'reason' = 'step_up_expired'))::int AS "case",
                  GREATEST(${since}, (SELECT min(created_at) FROM outbox)) AS "countedFrom",
                  COALESCE((SELECT min(created_at) FROM outbox) > ${since}, false) AS partial
             FROM outbox
            WHERE created_at >= ${since}
              AND ((topic = 'account.alerts' AND payload->>'kind' = 'fraud') OR (topic = 'account.actions' AND payload->>'reason' = 'step_up_expired'))`,
        window,
      ),
    ]);
    return { daily, firstAction, channels, answers, reasons, tiers };
  }
}
