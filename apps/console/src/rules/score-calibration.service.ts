import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SCORE_BANDS, scoreBandName, scoreBandOf } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

export const scoreCalibrationQuery = z.strictObject({
  /** Cases resolved in the last N days. */
  days: z.coerce.number().int().min(1).max(365).default(90),
});

export type ScoreCalibrationQuery = z.infer<typeof scoreCalibrationQuery>;

interface ScoreRow {
  score: number;
  cases: number;
  fraud: number;
  legitimate: number;
}

/**
 * Scores that rank (#21): per score band, of the platform's own cases resolved in a period, the
 * share that were fraud among those decided fraud or legitimate. The same bands as `npm run eval`.
 */
@Injectable()
export class ScoreCalibrationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async calibration({ days }: ScoreCalibrationQuery) {
    const rows = await this.dataSource.query<ScoreRow[]>(
      `SELECT score, count(*)::int AS cases,
              count(*) FILTER (WHERE resolution = 'fraud_confirmed')::int AS fraud,
              count(*) FILTER (WHERE resolution = 'legitimate')::int AS legitimate
         FROM fraud_case WHERE status = 'resolved' AND resolved_at >= now() - make_interval(days => $1)
        GROUP BY score`,
      [days],
    );
    const bands = SCORE_BANDS.map(([from, to]) => ({ band: scoreBandName([from, to]), from, to, cases: 0, fraud: 0, legitimate: 0 }));
    for (const row of rows) {
      const band = bands[scoreBandOf(row.score)];
      band.cases += row.cases;
      band.fraud += row.fraud;
      band.legitimate += row.legitimate;
    }
    return {
      days,
      bands: bands.map((b) => {
        const decided = b.fraud + b.legitimate;
        return { ...b, decided, share: decided ? Math.round((b.fraud / decided) * 1000) / 1000 : null };
      }),
    };
  }
}
