import { anEvent, isolatedDataSource, seedCase } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { issueAnswerToken } from '../answer-tokens';
import { recordBorrowerAnswer } from '../borrower-answers';
import { EventLogRepository } from '../event-log.repository';
import { AnswerLinksRepository } from './answer-links.repository';

const YEAR = 365 * 86_400_000;

/** The verify page's links, on a database of its own. */
describe('AnswerLinks, against Postgres', () => {
  const db = isolatedDataSource();
  const links = () => new AnswerLinksRepository(db());

  const aLink = (kind: 'fraud' | 'notice', accountId: string, caseId: string | null, summary: Record<string, string> = {}) =>
    db().transaction((tx) => issueAnswerToken(tx, { kind, caseId, accountId, alertId: randomUUID(), referenceCode: `R-${accountId}`, locale: 'zh-CN', summary, ttlHours: 24 }));
  const tokenRow = async (id: string) =>
    (await db().query<{ opened_at: Date | null; used_at: Date | null }[]>(`SELECT opened_at, used_at FROM answer_token WHERE id = $1`, [id]))[0];

  it('given a fresh link, when it is opened twice, then it stays usable and keeps the first opening', async () => {
    const { caseId } = await seedCase(db(), { accountId: 'open-twice', eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 5 });
    const { id, token } = await aLink('fraud', 'open-twice', caseId);

    expect(await links().usable(db().manager, token)).toMatchObject({ id, kind: 'fraud', caseId, accountId: 'open-twice', openedAt: null });
    await links().opened(db().manager, id);
    const first = (await tokenRow(id)).opened_at;
    await links().opened(db().manager, id);

    expect(first).toBeInstanceOf(Date);
    expect((await tokenRow(id)).opened_at).toEqual(first);
    expect(await links().usable(db().manager, token)).toMatchObject({ id, openedAt: first });
    expect(await links().usable(db().manager, 'not-a-token-of-ours-at-all')).toBeNull();
  });

  it('given a fraud link answered through and one voided without an answer, when asked what was answered through them, then only the first tells', async () => {
    const { caseId } = await seedCase(db(), { accountId: 'answered', eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 5 });
    const answered = await aLink('fraud', 'answered', caseId);
    const voided = await aLink('fraud', 'answered', caseId);
    await db().transaction((tx) =>
      recordBorrowerAnswer(tx, {
        caseId,
        accountId: 'answered',
        source: { tokenId: answered.id, recipientSince: new Date(Date.now() - YEAR), trustedContactAgeMs: 72 * 3_600_000 },
        answer: 'not_me',
        context: { via: 'link' },
      }),
    );
    await db().query(`UPDATE answer_token SET used_at = now() WHERE id = $1`, [voided.id]);

    expect(await links().answeredThrough(answered.token)).toEqual({ referenceCode: 'R-answered', locale: 'zh-CN' });
    expect(await links().answeredThrough(voided.token)).toBeNull();
  });

  it('given loans recorded with and without an amount, when the amount of each is asked for, then only the one with an amount has one', async () => {
    const withAmount = anEvent('loan.opened', { accountId: 'loans', occurredAt: '2026-11-20T10:00:00.000Z' });
    const withoutAmount = anEvent('loan.opened', { accountId: 'loans', occurredAt: '2026-11-21T10:00:00.000Z' });
    await db().transaction((tx) => new EventLogRepository().recordEvents(tx, [withAmount, withoutAmount], [1, 2]));
    // As an event recorded under an older contract, before loans carried their amount.
    await db().query(`UPDATE account_event SET body = body #- '{payload,amountMinor}' WHERE id = $1`, [withoutAmount.id]);

    expect(await links().loanAmount('loans', '2026-11-20T10:00:00.000Z')).toEqual({ amountMinor: 500_000, currency: 'CNY' });
    expect(await links().loanAmount('loans', '2026-11-21T10:00:00.000Z')).toBeNull();
    expect(await links().loanAmount('loans', '2026-11-22T10:00:00.000Z')).toBeNull();
  });

  it('given a notice link about an ID document, when the borrower continues, then the link is used up, the answer recorded and the reminders stop', async () => {
    const { id, token } = await aLink('notice', 'continues', null, { noticeType: 'id.expiring' });
    await db().query(`INSERT INTO document_expiry (account_id, document_type, expires_on) VALUES ('continues', 'resident_id', '2030-01-01')`);

    await db().transaction(async (tx) => {
      const link = (await links().usable(tx, token, true))!;
      await links().continued(tx, link, { via: 'link', ip: '203.0.113.9', userAgent: 'x'.repeat(600) });
      await links().documentActedOn(tx, link.accountId);
    });

    const row = await tokenRow(id);
    expect(row.used_at).toBeInstanceOf(Date);
    expect(row.opened_at).toBeInstanceOf(Date);
    expect(await links().usable(db().manager, token)).toBeNull();
    const [answer] = await db().query<{ account_id: string; answer: string; via: string; ip: string; ua: number }[]>(
      `SELECT account_id, answer, via, ip, length(user_agent) AS ua FROM borrower_answer WHERE token_id = $1`,
      [id],
    );
    expect(answer).toEqual({ account_id: 'continues', answer: 'continued', via: 'link', ip: '203.0.113.9', ua: 500 });
    expect(await db().query(`SELECT borrower_acted_at IS NOT NULL AS acted FROM document_expiry WHERE account_id = 'continues'`)).toEqual([{ acted: true }]);
  });
});
