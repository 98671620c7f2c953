import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseRecordsRepository } from './case-records.repository';

describe('case records against Postgres', () => {
  let db: DataSource;
  const cases = new CaseRecordsRepository();
  beforeAll(async () => (db = await testDataSource()));
  afterAll(() => db?.destroy());

  it('given some ids of cases and one of none, when their reference codes are read, then each case there is has its own', async () => {
    const [a, b, missing] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [a, b]) {
      await db.query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'alert', 50, 1)`, [
        id,
        `RC${id.slice(0, 6).toUpperCase()}`,
        `rc-${id.slice(0, 8)}`,
      ]);
    }

    const codes = await cases.referenceCodes(db.manager, [a, missing, b]);

    expect(codes).toEqual(
      new Map([
        [a, `RC${a.slice(0, 6).toUpperCase()}`],
        [b, `RC${b.slice(0, 6).toUpperCase()}`],
      ]),
    );
    expect(await cases.referenceCodes(db.manager, [])).toEqual(new Map());
  });
});
