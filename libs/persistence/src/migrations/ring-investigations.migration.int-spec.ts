import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { RingGroupsRepository } from '../repositories/console/ring-groups.repository';

describe('RingInvestigations migration against Postgres', () => {
  const db = isolatedDataSource();

  const aCase = async () => {
    const id = randomUUID();
    await db().query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'alert', 70, 1)`, [
      id,
      id.slice(0, 8).toUpperCase(),
      `rg-${id.slice(0, 8)}`,
    ]);
    return id;
  };

  it('groups cases under their anchor, each case in one group at most; and reverts', async () => {
    await revertThrough(db(), 'RingInvestigations1765770000000');
    await db().runMigrations();
    const groups = new RingGroupsRepository();
    const [a, b, c] = [await aCase(), await aCase(), await aCase()];
    const first = await groups.create(db().manager, a, [b], 'analyst:ana');
    expect(first.caseIds.sort()).toEqual([a, b].sort());
    // B is taken already: a second ring around C gets C alone.
    const second = await groups.create(db().manager, c, [b], 'analyst:bo');
    expect(second.caseIds).toEqual([c]);
    expect(await groups.groupOf(db().manager, b)).toBe(first.id);
    const read = await groups.get(db().manager, first.id);
    expect(read?.cases.map((x) => x.id)[0]).toBe(a);
    await revertThrough(db(), 'RingInvestigations1765770000000');
    expect((await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'ring_group%'`))[0].n).toBe(0);
    await db().runMigrations();
  });
});
