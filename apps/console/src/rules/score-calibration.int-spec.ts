import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { scoreCalibration } from './rule.responses';
import { ScoreCalibrationService } from './score-calibration.service';
import { ResolvedScoresRepository } from '@sentinel/persistence';

/** The Rules page's calibration against Postgres: per score band, the share of fraud among resolved cases. */
describe('score calibration against Postgres', () => {
  const db = isolatedDataSource();
  const served = async (days = 90) =>
    scoreCalibration.parse(JSON.parse(JSON.stringify(await new ScoreCalibrationService(new ResolvedScoresRepository(db())).calibration({ days }))));

  const aCase = (score: number, resolution: string | null, resolvedDaysAgo = 1) =>
    db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, unreachable, historical, resolution, resolved_at)
       VALUES ($1, $2, $3, $4, 'alert', $5, 'normal', 1, false, false, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() - make_interval(days => $7) END)`,
      [randomUUID(), `C${randomUUID().slice(0, 8)}`, `cal-${randomUUID().slice(0, 8)}`, resolution ? 'resolved' : 'open', score, resolution, resolvedDaysAgo],
    );

  beforeAll(async () => {
    // 0-19: one legitimate. 40-59: two legitimate, one fraud, one inconclusive (edges 40 and 59).
    await aCase(5, 'legitimate');
    for (const [score, resolution] of [
      [40, 'legitimate'],
      [59, 'legitimate'],
      [45, 'fraud_confirmed'],
      [50, 'inconclusive'],
    ] as const)
      await aCase(score, resolution);
    // 80-100: three fraud, one legitimate, and a score above 100 counts in the top band.
    for (const score of [80, 95, 130]) await aCase(score, 'fraud_confirmed');
    await aCase(100, 'legitimate');
    // Not counted: open cases, and cases resolved before the period.
    await aCase(90, null);
    await aCase(25, 'fraud_confirmed', 40);
  });

  it('given resolved cases, then each band reports its cases, fraud, legitimate, the n decided and the share of fraud among them', async () => {
    const { days, bands } = await served(30);
    expect(days).toBe(30);
    expect(bands.map((b) => [b.band, b.cases, b.fraud, b.legitimate, b.decided, b.share])).toEqual([
      ['0-19', 1, 0, 1, 1, 0],
      ['20-39', 0, 0, 0, 0, null],
      ['40-59', 4, 1, 2, 3, 0.333],
      ['60-79', 0, 0, 0, 0, null],
      ['80-100', 4, 3, 1, 4, 0.75],
    ]);
  });

  it('given a longer period, then cases resolved earlier count too', async () => {
    const { bands } = await served(90);
    expect(bands[1]).toMatchObject({ band: '20-39', cases: 1, fraud: 1, decided: 1, share: 1 });
  });
});
