import { defaultRuleSet } from '@sentinel/rules';
import { isolatedDataSource, pollUntil } from '@sentinel/testing';
import { RuleSetRepository } from './rule-set.repository';

/** Rule-set versions on a database of their own: the live version is the highest stored. */
describe('RuleSets, against Postgres', () => {
  const db = isolatedDataSource();

  it('given one writer holds the writers’ lock, when a second takes it, then the second waits until the first commits', async () => {
    const ruleSets = new RuleSetRepository(db());
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstHolds!: () => void;
    const firstHoldsLock = new Promise<void>((resolve) => (firstHolds = resolve));
    const order: string[] = [];

    const first = db().transaction(async (tx) => {
      await ruleSets.lockWriters(tx);
      firstHolds();
      await firstMayCommit;
      await ruleSets.insert(tx, defaultRuleSet(1), 'first');
      order.push('first wrote');
    });
    await firstHoldsLock;
    const second = db().transaction(async (tx) => {
      await ruleSets.lockWriters(tx);
      order.push('second locked');
      return ruleSets.latest(tx);
    });
    await pollUntil(
      async () =>
        (
          await db().query<{ waiting: number }[]>(
            `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        )[0].waiting === 1,
      { what: 'the second writer waiting on the lock' },
    );

    expect(order).toEqual([]);
    releaseFirst();
    await first;
    const seen = await second;

    expect(order).toEqual(['first wrote', 'second locked']);
    expect(seen?.version).toBe(1);
  });
});
