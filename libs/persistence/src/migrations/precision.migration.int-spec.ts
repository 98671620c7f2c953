import { anEvent, isolatedDataSource, revertThrough } from '@sentinel/testing';

describe('OneVerdictPerEvent and PrecisionRuleDefaults migrations against Postgres', () => {
  const db = isolatedDataSource();

  it('keeps queued deferred judgements across the change: a scored one adds to a told case; reverted, the prior hits become a score again', async () => {
    await revertThrough(db(), 'OneVerdictPerEvent1764800000000');
    const [told, quiet] = [anEvent('loan.opened', { accountId: 'acc-m1' }), anEvent('loan.opened', { accountId: 'acc-m2' })];
    // The schema of then: events keyed by id alone, which the event log of now does not write to.
    for (const event of [told, quiet]) {
      await db().query(`INSERT INTO account_event (id, account_id, type, occurred_at, channel, body, account_seq) VALUES ($1, $2, $3, $4, $5, $6, 1)`, [
        event.id,
        event.accountId,
        event.type,
        event.occurredAt,
        event.channel,
        JSON.stringify(event),
      ]);
    }
    await db().query(`INSERT INTO deferred_evaluation (event_id, account_id, due_at, prior_score) VALUES ($1, 'acc-m1', now(), 70), ($2, 'acc-m2', now(), 0)`, [told.id, quiet.id]);
    await db().runMigrations();
    expect(await db().query(`SELECT event_id, announced, prior_hits FROM deferred_evaluation ORDER BY account_id`)).toEqual([
      { event_id: told.id, announced: true, prior_hits: [] },
      { event_id: quiet.id, announced: false, prior_hits: [] },
    ]);
    await db().query(
      `UPDATE deferred_evaluation SET prior_hits = '[{"ruleId":"loan.new-device","score":40},{"ruleId":"loan.dormant-account","score":40}]' WHERE account_id = 'acc-m2'`,
    );
    await revertThrough(db(), 'OneVerdictPerEvent1764800000000');
    expect(await db().query(`SELECT prior_score FROM deferred_evaluation ORDER BY account_id`)).toEqual([{ prior_score: 0 }, { prior_score: 80 }]);
    await db().runMigrations();
  });

  it('publishes the precision defaults as a new rule-set version where the old defaults still stand, and leaves an analyst’s tuning alone', async () => {
    await revertThrough(db(), 'PrecisionRuleDefaults1764810000000');
    const rule = (severity: string, score: number, params: Record<string, number>) => ({ enabled: true, severity, score, params });
    const v1 = {
      rules: {
        'unbind.unknown-device': rule('high', 70, { lookbackDays: 90, establishedAfterHours: 72 }),
        'unbind.only-card-in-repayment': rule('high', 45, { assumedTermDays: 365 }),
        'loan.velocity': rule('medium', 40, { maxLoans: 3, windowHours: 24 }),
      },
      decisions: { notice: 1, alert: 50, urgent: 90 },
    };
    await db().query(`INSERT INTO rule_set (version, settings, created_by) VALUES (1, $1, 'system')`, [JSON.stringify(v1)]);
    await db().runMigrations();
    const [v2] = await db().query<{ version: number; settings: { rules: unknown }; created_by: string }[]>(`SELECT version, settings, created_by FROM rule_set WHERE version = 2`);
    expect(v2).toMatchObject({ created_by: 'system' });
    expect(v2.settings.rules).toEqual({
      'unbind.unknown-device': rule('high', 70, { lookbackDays: 90, establishedAfterHours: 24 }),
      'unbind.only-card-in-repayment': rule('high', 45, { assumedTermDays: 365 }),
      'loan.velocity': rule('high', 55, { maxLoans: 4, windowHours: 24, perExtraLoan: 15 }),
    });
    await revertThrough(db(), 'PrecisionRuleDefaults1764810000000');
    expect(await db().query(`SELECT version FROM rule_set`)).toEqual([{ version: 1 }]);
    await db().runMigrations();
  });
});
