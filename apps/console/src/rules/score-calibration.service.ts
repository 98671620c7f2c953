import { Injectable } from '@nestjs/common';
import { SCORE_BANDS, scoreBandName, scoreBandOf } from '@sentinel/rules';
import { z } from 'zod';
import { ResolvedScores } from '@sentinel/persistence';

export const scoreCalibrationQuery = z.strictObject({
  /** Cases resolved in the last N days. */
  days: z.coerce.number().int().min(1).max(365).default(90),
});

export type ScoreCalibrationQuery = z.infer<typeof scoreCalibrationQuery>;

/**
 * Scores that rank (#21): per score band, of the platform's own cases resolved in a period, the
 * share that were fraud among those decided fraud or legitimate. The same bands as `npm run eval`.
 */
@Injectable()
export class ScoreCalibrationService {
  constructor(private readonly cases: ResolvedScores) {}

  async calibration({ days }: ScoreCalibrationQuery) {
    const rows = await this.cases.resolvedByScore(days);
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
