import { randomUUID } from 'node:crypto';
import { accountActionSchema, accountEventSchema } from '@sentinel/contracts';
import { anEvent, isolatedDataSource, seedCase } from '@sentinel/testing';
import { CasesRepository } from './cases.repository';
import { EventLogRepository } from './event-log.repository';
import { issueAnswerToken } from './answer-tokens';
import { recordBorrowerAnswer } from './borrower-answers';

const YEAR = 365 * 86_400_000;

/**
 * A step-up's links go to every contact on file. Whoever holds one of them (a swapped SIM on the
 * old number) can answer "was me" first; the victim's "not me" through another must still count.
 */
describe('borrower answers through several links of one step-up', () => {
  const db = isolatedDataSource();

  /** A fraud link about the event `summary` names, to a contact on file for a year. */
  const linkOf = (caseId: string, accountId: string, referenceCode: string, recipientChannel: 'sms' | 'email', summary: Record<string, string> = { eventType: 'card.unbound' }) =>
    db().transaction((m) =>
      issueAnswerToken(m, {
        kind: 'fraud',
        caseId,
        accountId,
        alertId: randomUUID(),
        referenceCode,
        locale: 'en',
        summary,
        ttlHours: 24,
        recipientChannel,
        recipientSince: new Date(Date.now() - YEAR),
      }),
    );
  const linksOf = async (caseId: string, accountId: string, referenceCode: string) =>
    Promise.all((['sms', 'email'] as const).map((recipientChannel) => linkOf(caseId, accountId, referenceCode, recipientChannel)));
  const answer = (story: { caseId: string; accountId: string; tokenId: string }, given: 'me' | 'not_me') =>
    db().transaction((m) =>
      recordBorrowerAnswer(m, {
        caseId: story.caseId,
        accountId: story.accountId,
        source: { tokenId: story.tokenId, recipientSince: new Date(Date.now() - YEAR), trustedContactAgeMs: 72 * 3_600_000 },
        answer: given,
        context: { via: 'link' },
      }),
    );

  const caseRow = async (caseId: string, columns: string) => (await db().query<Record<string, unknown>[]>(`SELECT ${columns} FROM fraud_case WHERE id = $1`, [caseId]))[0];

  it('given a "was me" through the SMS link closed the step-up, when "not me" comes through the email link, then the case reopens urgent and everything is held again', async () => {
    const accountId = 'two-links';
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 30 });
    const [sms, email] = await linksOf(caseId, accountId, referenceCode);

    expect(await answer({ caseId, accountId, tokenId: sms.id }, 'me')).toBe('applied');
    expect(await caseRow(caseId, 'status, resolution')).toEqual({ status: 'resolved', resolution: 'legitimate' });
    // The "was me" stopped its own link only: the email link is still usable.
    expect(await db().query(`SELECT recipient_channel, used_at IS NOT NULL AS used FROM answer_token WHERE case_id = $1 ORDER BY recipient_channel`, [caseId])).toEqual([
      { recipient_channel: 'email', used: false },
      { recipient_channel: 'sms', used: true },
    ]);

    expect(await answer({ caseId, accountId, tokenId: email.id }, 'not_me')).toBe('applied');
    expect(await caseRow(caseId, 'status, resolution, resolved_at, decision, priority, borrower_answer')).toEqual({
      status: 'open',
      resolution: null,
      resolved_at: null,
      decision: 'urgent',
      priority: 'high',
      borrower_answer: 'not_me',
    });
    const actions = (await db().query<{ payload: unknown }[]>(`SELECT payload FROM outbox WHERE topic = 'account.actions' AND message_key = $1 ORDER BY id`, [accountId])).map(
      (r) => accountActionSchema.parse(r.payload),
    );
    expect(actions.map((a) => [a.reason, a.recommendations])).toEqual([
      ['borrower_confirmed', ['release_holds']],
      ['borrower_denied', ['hold_disbursement', 'hold_card_binding']],
    ]);
    const [note] = await db().query<{ body: string }[]>(`SELECT body FROM case_note WHERE case_id = $1`, [caseId]);
    expect(note.body).toContain('reopened as urgent');
  });

  it('given an analyst resolved the case, when "not me" comes afterwards, then it is only recorded beside: an analyst’s decision stands', async () => {
    const accountId = 'analyst-closed';
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 30 });
    const [sms] = await linksOf(caseId, accountId, referenceCode);
    await db().query(`UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolution_reason = 'false_positive', resolved_at = now() WHERE id = $1`, [caseId]);

    expect(await answer({ caseId, accountId, tokenId: sms.id }, 'not_me')).toBe('case_resolved');
    expect(await caseRow(caseId, 'status')).toEqual({ status: 'resolved' });
  });

  /** A case whose only hit is a ring link: keyed by its entity, no event of the account behind it, flagged when the ring first acted on the account. */
  async function ringOnlyCase(accountId: string, flaggedAt: Date) {
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 30 });
    await db().query(`DELETE FROM rule_hit WHERE case_id = $1`, [caseId]);
    await db().query(
      `INSERT INTO rule_hit (case_id, event_id, account_id, rule_id, severity, score, evidence, explanation, rule_set_version)
       VALUES ($1, $2, $3, 'ring.shared-device', 'medium', 62, $4, '{"en": "seeded", "zh-CN": "测试"}', 1)`,
      [caseId, `device:cafe-terminal-${accountId}`, accountId, JSON.stringify({ entityKind: 'device', linkedAccounts: 3, flaggedAt: flaggedAt.toISOString() })],
    );
    const [sms] = await linksOf(caseId, accountId, referenceCode);
    return { caseId, tokenId: sms.id };
  }
  const answerFrom = (story: { caseId: string; accountId: string; tokenId: string }, recipientSince: Date) =>
    db().transaction((m) =>
      recordBorrowerAnswer(m, {
        caseId: story.caseId,
        accountId: story.accountId,
        source: { tokenId: story.tokenId, recipientSince, trustedContactAgeMs: 72 * 3_600_000 },
        answer: 'me',
        context: { via: 'link' },
      }),
    );

  it('given a step-up that only a ring link opened, when "was me" comes from a contact on file long before the ring first acted on the account, then it closes the case and releases the hold', async () => {
    const accountId = 'ring-regular';
    const story = { accountId, ...(await ringOnlyCase(accountId, new Date(Date.now() - 10 * 86_400_000))) };
    expect(await answerFrom(story, new Date(Date.now() - YEAR))).toBe('applied');
    expect(await caseRow(story.caseId, 'status, resolution, borrower_answer')).toEqual({ status: 'resolved', resolution: 'legitimate', borrower_answer: 'me' });
    const actions = (await db().query<{ payload: unknown }[]>(`SELECT payload FROM outbox WHERE topic = 'account.actions' AND message_key = $1`, [accountId])).map((r) =>
      accountActionSchema.parse(r.payload),
    );
    expect(actions.map((a) => [a.reason, a.recommendations])).toEqual([['borrower_confirmed', ['release_holds']]]);
  });

  it('given a step-up that only a ring link opened, when "was me" comes from a contact set after the ring first acted on the account, then the case stays open for an analyst', async () => {
    const accountId = 'ring-newcomer';
    const story = { accountId, ...(await ringOnlyCase(accountId, new Date(Date.now() - 10 * 86_400_000))) };
    // Past the notifier's trusted age, but set after the ring reached the account: the ring's own number.
    expect(await answerFrom(story, new Date(Date.now() - 5 * 86_400_000))).toBe('unverified');
    expect(await caseRow(story.caseId, 'status')).toEqual({ status: 'open' });
  });

  /** What the console told the detector of the answers on an account: `borrower.answered` on account.events. */
  const taught = async (accountId: string) =>
    (await db().query<{ payload: unknown }[]>(`SELECT payload FROM outbox WHERE topic = 'account.events' AND message_key = $1 ORDER BY id`, [accountId])).map((r) =>
      accountEventSchema.parse(r.payload),
    );

  it('given a step-up on an unbind from her phone, when "was me" comes through a contact on file for a year, then the detector is told to re-verify that phone', async () => {
    const accountId = 'taught-me';
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 30 });
    const [sms] = await linksOf(caseId, accountId, referenceCode);

    expect(await answer({ caseId, accountId, tokenId: sms.id }, 'me')).toBe('applied');
    expect(await taught(accountId)).toEqual([
      expect.objectContaining({
        type: 'borrower.answered',
        accountId,
        channel: 'system',
        payload: { answer: 'me', caseReference: referenceCode, devices: [{ id: 'phone-1', flaggedAt: expect.any(String) as string }] },
      }),
    ]);
  });

  it('given a step-up, when "was me" comes through a contact set after the flagged activity, then the detector is told nothing: that answer vouches for no one', async () => {
    const accountId = 'taught-nothing';
    const { caseId } = await seedCase(db(), { accountId, eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 30 });

    expect(await answerFrom({ caseId, accountId, tokenId: (await linksOf(caseId, accountId, 'X'))[0].id }, new Date())).toBe('unverified');
    expect(await taught(accountId)).toEqual([]);
  });

  it('given a step-up on a loan from her phone, when "not me" comes, then the detector is told the phone acted for someone else', async () => {
    const accountId = 'taught-not-me';
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'loan.opened', ruleId: 'loan.amount-anomaly', openedMinutesAgo: 30 });
    const [, email] = await linksOf(caseId, accountId, referenceCode);

    expect(await answer({ caseId, accountId, tokenId: email.id }, 'not_me')).toBe('applied');
    expect((await taught(accountId)).map((e) => e.type === 'borrower.answered' && [e.payload.answer, e.payload.devices.map((d) => d.id)])).toEqual([['not_me', ['phone-1']]]);
  });

  it('given a case only a ring link opened, when "was me" closes it, then the detector is told nothing: no event of the account names a device', async () => {
    const accountId = 'taught-ring';
    const story = { accountId, ...(await ringOnlyCase(accountId, new Date(Date.now() - 10 * 86_400_000))) };

    expect(await answerFrom(story, new Date(Date.now() - YEAR))).toBe('applied');
    expect(await taught(accountId)).toEqual([]);
  });

  it('given a case her loan opened and an unknown laptop\'s unbind joined, when "was me" comes through the loan\'s link, then only the phone the loan came from is vouched for', async () => {
    const accountId = 'taught-joined';
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'loan.opened', ruleId: 'loan.amount-anomaly', openedMinutesAgo: 30 });
    const [{ occurred_at: loanAt }] = await db().query<{ occurred_at: Date }[]>(`SELECT occurred_at FROM account_event WHERE account_id = $1`, [accountId]);
    const unbind = anEvent('card.unbound', {
      accountId,
      device: { id: 'laptop-x', ip: '203.0.113.9' },
      channel: 'web',
      occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    });
    await db().transaction(async (m) => {
      await new EventLogRepository().recordEvents(m, [unbind], [2]);
      const hit = { ruleId: 'unbind.unknown-device', severity: 'high' as const, score: 70, evidence: {}, explanation: { en: 'seeded', 'zh-CN': '测试' } };
      await new CasesRepository().insertHits(m, 1, [{ caseId, eventId: unbind.id, hits: [hit], score: 70 }]);
    });
    const loanLink = await linkOf(caseId, accountId, referenceCode, 'email', { eventType: 'loan.opened', occurredAt: loanAt.toISOString() });

    expect(await answer({ caseId, accountId, tokenId: loanLink.id }, 'me')).toBe('applied');
    expect((await taught(accountId)).map((e) => e.type === 'borrower.answered' && e.payload.devices)).toEqual([[{ id: 'phone-1', flaggedAt: loanAt.toISOString() }]]);
  });

  it("given a step-up on a loan taken at a partner's shop terminal, when \"was me\" comes, then the detector is told nothing: a shop's terminal is no one's to vouch for", async () => {
    const accountId = 'taught-shop';
    const { caseId, referenceCode } = await seedCase(db(), { accountId, eventType: 'loan.opened', ruleId: 'loan.partner-unknown-device', openedMinutesAgo: 30 });
    await db().query(`UPDATE account_event SET channel = 'partner:shop-1', body = jsonb_set(body, '{channel}', '"partner:shop-1"') WHERE account_id = $1`, [accountId]);
    const [sms] = await linksOf(caseId, accountId, referenceCode);

    expect(await answer({ caseId, accountId, tokenId: sms.id }, 'me')).toBe('applied');
    expect(await taught(accountId)).toEqual([]);
  });
});
