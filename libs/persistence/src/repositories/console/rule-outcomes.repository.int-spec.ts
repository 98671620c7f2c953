import { isolatedDataSource, seedCase } from '@sentinel/testing';
import { RuleOutcomesRepository } from './rule-outcomes.repository';

/** How each rule's cases turned out, on a database of its own: the counts are of every hit in it. */
describe('RuleOutcomes, against Postgres', () => {
  const db = isolatedDataSource();

  it('given cases resolved as fraud, confirmed by the borrower and still open, when counted by rule, then each rule gets its hits, cases, fraud and legitimate ones', async () => {
    const fraud = await seedCase(db(), { accountId: 'outcome-fraud', eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 30 });
    // A second hit of the same rule on the same (still open) case: one more hit, no more cases.
    await seedCase(db(), { accountId: 'outcome-fraud', eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 20, seq: 2 });
    await db().query(`UPDATE fraud_case SET status = 'resolved', resolution = 'fraud_confirmed', resolved_at = now() WHERE id = $1`, [fraud.caseId]);
    const confirmed = await seedCase(db(), { accountId: 'outcome-me', eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 30 });
    await db().query(`UPDATE fraud_case SET borrower_answer = 'me' WHERE id = $1`, [confirmed.caseId]);
    const denied = await seedCase(db(), { accountId: 'outcome-not-me', eventType: 'loan.opened', ruleId: 'loan.velocity', openedMinutesAgo: 30 });
    await db().query(`UPDATE fraud_case SET borrower_answer = 'not_me' WHERE id = $1`, [denied.caseId]);
    await seedCase(db(), { accountId: 'outcome-open', eventType: 'loan.opened', ruleId: 'loan.velocity', openedMinutesAgo: 30 });

    const counts = await new RuleOutcomesRepository(db()).byRule();

    expect(counts).toEqual(
      expect.arrayContaining([
        { rule_id: 'unbind.unknown-device', hits: 3, cases: 2, fraud: 1, legitimate: 1 },
        { rule_id: 'loan.velocity', hits: 2, cases: 2, fraud: 1, legitimate: 0 },
      ]),
    );
    expect(counts).toHaveLength(2);
  });
});
