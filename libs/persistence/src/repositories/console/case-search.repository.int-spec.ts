import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { CaseSearchRepository } from './case-search.repository';

/** Its own database: an account prefix or a limit sees only the accounts each test makes. */
describe('finding cases and accounts, against Postgres', () => {
  const db = isolatedDataSource();
  const search = new CaseSearchRepository();

  const aCase = async (accountId: string, status: 'open' | 'resolved' = 'open', minutesAgo = 5) => {
    const id = randomUUID();
    const referenceCode = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, rule_set_version, opened_at, resolution, resolved_at)
       VALUES ($1, $2, $3, $4, 'alert', 60, 1, now() - make_interval(mins => $5), CASE WHEN $4 = 'resolved' THEN 'legitimate' END, CASE WHEN $4 = 'resolved' THEN now() END)`,
      [id, referenceCode, accountId, status, minutesAgo],
    );
    return { id, referenceCode };
  };
  const aContact = (accountId: string, kind: 'phone' | 'email', value: string, current = true) =>
    db().query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, valid_to, source_event_id)
       VALUES ($1, $2, $3, now() - interval '2 days', CASE WHEN $4 THEN NULL ELSE now() - interval '1 day' END, $5)`,
      [accountId, kind, value, current, randomUUID()],
    );

  it('given a case, when its reference code is searched, then its account is found by reference', async () => {
    const accountId = `ref-${randomUUID().slice(0, 8)}`;
    const { referenceCode } = await aCase(accountId);
    expect(await search.matches(db().manager, { referenceCode }, 10)).toEqual([{ account_id: accountId, matched_by: 'reference' }]);
    expect(await search.matches(db().manager, { referenceCode: 'ZZZZZZZZ' }, 10)).toEqual([]);
  });

  it('given accounts whose ids differ where a LIKE wildcard would stand, when a prefix is searched, then only the literal prefix matches', async () => {
    const tag = randomUUID().slice(0, 6);
    await aCase(`pre${tag}a_b%-1`);
    await aCase(`pre${tag}a_b%-1`, 'resolved');
    await aCase(`pre${tag}aXbY-2`);
    await aCase(`pre${tag}a\\b-3`);

    expect(await search.matches(db().manager, { accountPrefix: `pre${tag}a_b%` }, 10)).toEqual([{ account_id: `pre${tag}a_b%-1`, matched_by: 'account' }]);
    expect(await search.matches(db().manager, { accountPrefix: `pre${tag}a\\` }, 10)).toEqual([{ account_id: `pre${tag}a\\b-3`, matched_by: 'account' }]);
    expect((await search.matches(db().manager, { accountPrefix: `pre${tag}` }, 10)).map((m) => m.account_id).sort()).toEqual(
      [`pre${tag}a\\b-3`, `pre${tag}aXbY-2`, `pre${tag}a_b%-1`].sort(),
    );
  });

  it('given contacts current and past, when a phone or an email is searched, then each account holding it is found, by the normal form, once per way', async () => {
    const tag = randomUUID().slice(0, 6);
    const [now, before, other] = [`ct-${tag}-now`, `ct-${tag}-before`, `ct-${tag}-other`];
    await aContact(now, 'phone', '+8613912345678');
    await aContact(now, 'email', 'li.wei@example.com');
    await aContact(before, 'phone', '+8613912345678', false);
    await aContact(other, 'phone', '+8613900000000');

    const found = await search.matches(db().manager, { phone: '+8613912345678', email: ' Li.Wei@Example.com ' }, 10);
    expect(found.map((m) => m.account_id)).toEqual([before, now, now]);
    expect(found.map((m) => `${m.account_id} ${m.matched_by}`).sort()).toEqual([`${before} phone`, `${now} email`, `${now} phone`]);
  });

  it('given more matches than the limit, when searched, then it stops at the limit, in account order', async () => {
    const tag = randomUUID().slice(0, 6);
    for (const n of [3, 1, 2]) await aCase(`lim${tag}-${n}`);
    expect((await search.matches(db().manager, { accountPrefix: `lim${tag}` }, 2)).map((m) => m.account_id)).toEqual([`lim${tag}-1`, `lim${tag}-2`]);
  });

  it("given accounts' cases, when listed, then the unresolved come first and then the newest, up to the limit", async () => {
    const tag = randomUUID().slice(0, 6);
    const oldOpen = await aCase(`cs-${tag}-a`, 'open', 300);
    const newResolved = await aCase(`cs-${tag}-a`, 'resolved', 1);
    const newOpen = await aCase(`cs-${tag}-b`, 'open', 10);
    await aCase(`cs-${tag}-c`, 'open', 1);

    const cases = await search.casesOf(db().manager, [`cs-${tag}-a`, `cs-${tag}-b`], 10);
    expect(cases.map((c) => c.id)).toEqual([newOpen.id, oldOpen.id, newResolved.id]);
    expect(cases[0]).toMatchObject({ referenceCode: newOpen.referenceCode, accountId: `cs-${tag}-b`, status: 'open', decision: 'alert', priority: 'normal', score: 60 });
    expect(cases[0].openedAt).toBeInstanceOf(Date);
    expect((await search.casesOf(db().manager, [`cs-${tag}-a`, `cs-${tag}-b`], 2)).map((c) => c.id)).toEqual([newOpen.id, oldOpen.id]);
    expect(await search.casesOf(db().manager, [], 10)).toEqual([]);
  });
});
