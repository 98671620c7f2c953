import { isolatedDataSource, revertThrough } from '@sentinel/testing';

describe('AnswerOnCaseEvidence and RankedScoreBands migrations against Postgres', () => {
  const db = isolatedDataSource();
  const versions = async () =>
    db().query<{ version: number; urgent: number; created_by: string }[]>(
      `SELECT version, (settings->'decisions'->>'urgent')::int AS urgent, created_by FROM rule_set ORDER BY version`,
    );

  it('given a deployment on the old urgent band, then a new version moves it to 80; reverted, the version goes; an analyst’s own band stands', async () => {
    // From before the answer-outcome change too: both go down and up again.
    await revertThrough(db(), 'AnswerOnCaseEvidence1765210000000');
    await db().query(`DELETE FROM rule_set`);
    await db().query(`INSERT INTO rule_set (version, settings, created_by) VALUES (1, $1, 'system')`, [
      JSON.stringify({ rules: {}, decisions: { notice: 1, alert: 50, urgent: 90 } }),
    ]);
    await db().runMigrations();
    expect(await versions()).toEqual([
      { version: 1, urgent: 90, created_by: 'system' },
      { version: 2, urgent: 80, created_by: 'system' },
    ]);
    await revertThrough(db(), 'RankedScoreBands1765225000000');
    expect((await versions()).map((v) => v.version)).toEqual([1]);

    await db().query(`UPDATE rule_set SET settings = jsonb_set(settings, '{decisions,urgent}', '85')`);
    await db().runMigrations();
    expect(await versions()).toEqual([{ version: 1, urgent: 85, created_by: 'system' }]);
  });
});
