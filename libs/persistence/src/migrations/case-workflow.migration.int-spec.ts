import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

describe('CaseWorkflow migration against Postgres', () => {
  const db = isolatedDataSource();
  const aCase = (accountId: string, status: string, resolution: string | null, answer: string | null) =>
    db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, unreachable, historical, resolution, borrower_answer)
       VALUES ($1, $2, $3, $4, 'alert', 50, 'normal', 1, false, false, $5, $6)`,
      [randomUUID(), `M-${randomUUID().slice(0, 8)}`, accountId, status, resolution, answer],
    );

  it('gives the borrower-closed cases their reason, keeps reasons to the fixed list, and reverts cleanly', async () => {
    await revertThrough(db(), 'CaseWorkflow1765110000000');
    await aCase('acc-w1', 'resolved', 'legitimate', 'me');
    await aCase('acc-w2', 'resolved', 'fraud_confirmed', null);
    await aCase('acc-w3', 'open', null, null);
    await db().runMigrations();

    expect(await db().query(`SELECT account_id, resolution_reason FROM fraud_case WHERE account_id LIKE 'acc-w%' ORDER BY account_id`)).toEqual([
      { account_id: 'acc-w1', resolution_reason: 'borrower_confirmed' },
      { account_id: 'acc-w2', resolution_reason: null },
      { account_id: 'acc-w3', resolution_reason: null },
    ]);
    await expect(db().query(`UPDATE fraud_case SET resolution_reason = 'felt_like_it' WHERE account_id = 'acc-w2'`)).rejects.toThrow(/check constraint/);
    const [analyst] = await db().query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ('wf-ana', 'Ana', 'analyst', 'x') RETURNING id`);
    await db().query(`INSERT INTO saved_filter (analyst_id, name, query) VALUES ($1, 'Late', 'sla=over')`, [analyst.id]);
    await expect(db().query(`INSERT INTO saved_filter (analyst_id, name, query) VALUES ($1, 'Late', 'status=open')`, [analyst.id])).rejects.toThrow(/duplicate key/);

    await revertThrough(db(), 'CaseWorkflow1765110000000');
    expect(await db().query(`SELECT to_regclass('saved_filter') AS t`)).toEqual([{ t: null }]);
    expect(await db().query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'fraud_case' AND column_name LIKE 'resolution_%'`)).toEqual([{ n: 0 }]);
    await db().runMigrations();
  });
});
