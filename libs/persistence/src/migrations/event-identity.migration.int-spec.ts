import { anEvent, isolatedDataSource, revertThrough } from '@sentinel/testing';

describe('EventIdentityPerAccount migration against Postgres', () => {
  const db = isolatedDataSource();
  const insertEvent = (event: ReturnType<typeof anEvent>, seq: number) =>
    db().query(`INSERT INTO account_event (id, account_id, type, occurred_at, channel, body, account_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      event.id,
      event.accountId,
      event.type,
      event.occurredAt,
      event.channel,
      JSON.stringify(event),
      seq,
    ]);

  it('keys events, their hits, links, contacts, merchant flags and queued judgements by account and id, keeping the rows there were; reverted while no id is shared, it goes back', async () => {
    await revertThrough(db(), 'EventIdentityPerAccount1765230000000');
    const before = anEvent('card.unbound', { id: 'evt-old', accountId: 'acc-mig-a' });
    await insertEvent(before, 1);
    const [{ id: caseId }] = await db().query<{ id: string }[]>(
      `INSERT INTO fraud_case (id, account_id, reference_code, decision, score, rule_set_version) VALUES (gen_random_uuid(), 'acc-mig-a', 'MIGRATE1', 'alert', 70, 1) RETURNING id`,
    );
    await db().query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, 'evt-old', 'r', 'high', 70, '{}', '{}', 1)`,
      [caseId],
    );
    await db().query(`INSERT INTO deferred_evaluation (event_id, account_id, due_at, partition, prior_hits, announced) VALUES ('evt-old', 'acc-mig-a', now(), 0, '[]', false)`);
    // Before: a second account's event with that id could not be stored at all.
    await expect(insertEvent(anEvent('device.login', { id: 'evt-old', accountId: 'acc-mig-b' }), 1)).rejects.toThrow(/duplicate key/);

    await db().runMigrations();
    expect(await db().query(`SELECT account_id, event_id FROM rule_hit WHERE case_id = $1`, [caseId])).toEqual([{ account_id: 'acc-mig-a', event_id: 'evt-old' }]);
    expect(await db().query(`SELECT account_id, event_id FROM deferred_evaluation`)).toEqual([{ account_id: 'acc-mig-a', event_id: 'evt-old' }]);
    await insertEvent(anEvent('device.login', { id: 'evt-old', accountId: 'acc-mig-b' }), 1);
    await expect(insertEvent(anEvent('device.login', { id: 'evt-old', accountId: 'acc-mig-b' }), 2)).rejects.toThrow(/duplicate key/);
    // A hit takes its case's account, whoever writes it.
    await db().query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, 'evt-new', 'r', 'high', 70, '{}', '{}', 1)`,
      [caseId],
    );
    expect(await db().query(`SELECT account_id FROM rule_hit WHERE event_id = 'evt-new'`)).toEqual([{ account_id: 'acc-mig-a' }]);
    // A queued judgement must name an event of its account.
    await expect(
      db().query(`INSERT INTO deferred_evaluation (event_id, account_id, due_at, partition, prior_hits, announced) VALUES ('evt-old', 'acc-mig-c', now(), 0, '[]', false)`),
    ).rejects.toThrow(/foreign key/);

    // Two accounts share an id now: going back would drop one of their events, so it refuses.
    await expect(revertThrough(db(), 'EventIdentityPerAccount1765230000000')).rejects.toThrow(/could not create unique index|duplicate key/);
    await db().query(`DELETE FROM account_event WHERE account_id = 'acc-mig-b'`);
    await revertThrough(db(), 'EventIdentityPerAccount1765230000000');
    expect(await db().query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'rule_hit' AND column_name = 'account_id'`)).toEqual([]);
    await db().runMigrations();
  });
});
