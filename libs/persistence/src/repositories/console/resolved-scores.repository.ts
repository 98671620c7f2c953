import type { DataSource } from 'typeorm';

export interface ScoreRow {
  score: number;
  cases: number;
  fraud: number;
  legitimate: number;
}

/** The platform's resolved cases by score, for the score calibration (#21). */
export abstract class ResolvedScores {
  /** Per score, the cases resolved in the last `days` days, and how many of them fraud or legitimate. */
  abstract resolvedByScore(days: number): Promise<ScoreRow[]>;
}

export class ResolvedScoresRepository implements ResolvedScores {
  constructor(private readonly dataSource: DataSource) {}

  resolvedByScore(days: number): Promise<ScoreRow[]> {
    return this.dataSource.query<ScoreRow[]>(
      `SELECT score, count(*)::int AS cases,
              count(*) FILTER (WHERE resolution = 'fraud_confirmed')::int AS fraud,
              count(*) FILTER (WHERE resolution = 'legitimate')::int AS legitimate
         FROM fraud_case WHERE status = 'resolved' AND resolved_at >= now() - make_interval(days => $1)
        GROUP BY score`,
      [days],
    );
  }
}
