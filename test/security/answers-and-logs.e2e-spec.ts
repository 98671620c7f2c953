import { type AccountEvent } from '@sentinel/contracts';
import { anEvent, isolatedPrefix, PipelineHarness, pollUntil, type ReceivedMail, SmtpSink, TEST_ADMIN } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

const API_KEY = 'answers-sec-key-0123456789abcdef';
const DAY = 86_400_000;

/** The columns of fraud_case this suite reads back; the rest are checked through toMatchObject. */
interface CaseRow {
  id: string;
  reference_code: string;
  assignee_id: string | null;
  decision: string;
}

/**
 * Also: no session token, CSRF token, answer token or API key in any service's log.
 *
 * Who may close a case with an answer. After a takeover the current contact is the attacker's:
 * its "was me" must not close the case, while the borrower's older contact still can, and "not
 * me" from anyone wins. A case an analyst holds or has resolved is never changed by an answer.
 */
describe('security: borrower answers cannot be used against the borrower or the analyst', () => {
  const prefix = isolatedPrefix();
  let sink: SmtpSink;
  let harness: PipelineHarness;
  const now = Date.now();
  const at = (offset: number) => new Date(now + offset).toISOString();

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);

  /** A borrower's email of three months; the attacker sets their own an hour before unbinding the card. */
  const takeover = async (accountId: string) => {
    // Devices and addresses of this story's own: stories sharing a laptop are one attacker's ring to
    // the cross-account rules, whose hit may open a second case once the first is resolved.
    const host = randomUUID().slice(0, 4);
    const phone = { accountId, device: { id: `phone-${accountId}`, ip: `2001:db8:1::${host}` } };
    const laptop = { accountId, device: { id: `laptop-${accountId}`, ip: `2001:db8:2::${host}` }, channel: 'web' as const };
    await post([
      anEvent('contact.changed', { ...phone, occurredAt: at(-90 * DAY), payload: { kind: 'email', value: `${accountId}@example.com` } }),
      anEvent('device.login', { ...phone, occurredAt: at(-90 * DAY) }),
      anEvent('card.bound', { ...phone, occurredAt: at(-89 * DAY) }),
      anEvent('contact.changed', { ...laptop, occurredAt: at(-3_600_000), payload: { kind: 'email', value: `attacker-${accountId}@evil.example` } }),
      anEvent('card.unbound', { ...laptop, occurredAt: at(0) }),
    ]);
    return {
      borrower: linkIn(await mailTo(`${accountId}@example.com`)),
      attacker: linkIn(await mailTo(`attacker-${accountId}@evil.example`)),
    };
  };

  const mailTo = (address: string) => pollUntil(() => sink.received.find((m) => m.to.includes(address)), { what: `the alert to ${address}` });
  /** Every secret the suite handles, to look for in the logs at the end. */
  const secrets = new Set<string>([API_KEY]);
  const linkIn = (mail: ReceivedMail) => {
    const link = /https?:\/\/\S+\/verify\/[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')![0];
    secrets.add(link.slice(link.lastIndexOf('/') + 1));
    return link;
  };
  const answer = (link: string, value: 'me' | 'not_me') =>
    fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `answer=${value}&lang=en` });
  // The first case of the account: a hit judged later may open another once the first is resolved.
  const caseOf = async (accountId: string) => (await harness.db.query<CaseRow[]>(`SELECT * FROM fraud_case WHERE account_id = $1 ORDER BY opened_at, id`, [accountId]))[0];
  const answersOf = async (caseId: string) =>
    harness.db.query<{ answer: string; outcome: string }[]>(`SELECT answer, outcome FROM borrower_answer WHERE case_id = $1 ORDER BY answered_at, id`, [caseId]);

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      (urls) => ({
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `answers:${API_KEY}:events:write+answers:write`,
        SMTP_URL: sink.url,
        DEFAULT_LOCALE: 'en',
        PUBLIC_BASE_URL: urls.console,
        OUTBOX_POLL_MS: '200',
        VERIFY_RATE_LIMIT: '1000',
      }),
      'security-answers-logs',
    ).start();
    const admin = await harness.console();
    await admin.post('/api/analysts', { username: 'ana', displayName: 'Ana', role: 'analyst', password: 'ana-password-0123' });
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    await sink?.stop();
  });

  // A takeover is an urgent case: evidence no answer clears (#21). A "was me" is recorded beside it,
  // from whatever contact; a step-up (the alert band) is what a trusted "was me" resolves, which
  // test/verify-page.e2e-spec.ts holds.
  it('"was me" through the attacker’s new contact leaves the urgent case open, and the borrower’s link still works', async () => {
    const accountId = `takeover-${randomUUID().slice(0, 8)}`;
    const links = await takeover(accountId);

    expect((await answer(links.attacker, 'me')).status).toBe(200);
    const found = await caseOf(accountId);
    expect(found).toMatchObject({ status: 'open', resolution: null, borrower_answer: null });
    expect(await answersOf(found.id)).toEqual([{ answer: 'me', outcome: 'case_evidence' }]);
    // The attacker's answer killed only its own link.
    expect((await answer(links.attacker, 'me')).status).toBe(404);

    expect((await answer(links.borrower, 'not_me')).status).toBe(200);
    expect(await caseOf(accountId)).toMatchObject({ status: 'open', decision: 'urgent', priority: 'high', borrower_answer: 'not_me' });
    const detail = await (await harness.console()).get<{ answers: { answer: string; outcome: string }[]; notes: { body: string }[] }>(`/api/cases/${found.id}`);
    expect(detail.answers.map((a) => a.outcome)).toEqual(['case_evidence', 'applied']);
    expect(detail.notes.map((n) => n.body).join('\n')).toContain('whose evidence no answer clears');
  });

  it('"was me" through a contact on file long before the flagged activity is recorded beside an urgent case, which stays for an analyst', async () => {
    const accountId = `genuine-${randomUUID().slice(0, 8)}`;
    const links = await takeover(accountId);
    expect((await answer(links.borrower, 'me')).status).toBe(200);
    const found = await caseOf(accountId);
    expect(found).toMatchObject({ status: 'open', resolution: null, borrower_answer: null });
    expect(await answersOf(found.id)).toEqual([{ answer: 'me', outcome: 'case_evidence' }]);
  });

  it('"was me" relayed by the app never closes a case; "not me" from the app does apply', async () => {
    const accountId = `app-${randomUUID().slice(0, 8)}`;
    await takeover(accountId);
    const { reference_code: referenceCode, id } = await caseOf(accountId);
    const me = await harness.gateway('/v1/answers', API_KEY, { accountId, referenceCode, answer: 'me' });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ outcome: 'case_evidence' });
    expect(await caseOf(accountId)).toMatchObject({ status: 'open', borrower_answer: null });
    const notMe = await harness.gateway('/v1/answers', API_KEY, { accountId, referenceCode, answer: 'not_me' });
    expect(await notMe.json()).toMatchObject({ outcome: 'applied' });
    expect(await answersOf(id)).toEqual([
      { answer: 'me', outcome: 'case_evidence' },
      { answer: 'not_me', outcome: 'applied' },
    ]);
  });

  it('an answer never changes a claimed case’s status or holder; its holder sees it beside the case', async () => {
    const accountId = `claimed-${randomUUID().slice(0, 8)}`;
    const links = await takeover(accountId);
    const ana = await harness.console('ana', 'ana-password-0123');
    const { id } = await caseOf(accountId);
    await ana.post(`/api/cases/${id}/claim`);
    const before = await caseOf(accountId);

    expect((await answer(links.borrower, 'me')).status).toBe(200);
    const after = await caseOf(accountId);
    expect(after).toMatchObject({ status: 'in_review', assignee_id: before.assignee_id, resolution: null, decision: before.decision, borrower_answer: null });
    const detail = await ana.get<{ answers: { answer: string; outcome: string }[]; notes: { body: string }[] }>(`/api/cases/${id}`);
    expect(detail.answers).toEqual([expect.objectContaining({ answer: 'me', outcome: 'case_claimed' })]);
    expect(detail.notes.map((n) => n.body).join('\n')).toContain('while the case was being worked');

    // "Not me" still wins: urgent, with a hold recommended, but the case stays where the analyst has it.
    expect((await answer(links.attacker, 'not_me')).status).toBe(200);
    expect(await caseOf(accountId)).toMatchObject({ status: 'in_review', assignee_id: before.assignee_id, decision: 'urgent', priority: 'high', borrower_answer: 'not_me' });
    const [{ n }] = await harness.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM case_note WHERE case_id = $1 AND body LIKE '%"not me" while the case was being worked%'`,
      [id],
    );
    expect(n).toBe(1);
  });

  it('an answer never changes a resolved case; a supervisor reopens it with a reason, audited', async () => {
    const accountId = `resolved-${randomUUID().slice(0, 8)}`;
    const links = await takeover(accountId);
    const ana = await harness.console('ana', 'ana-password-0123');
    const { id } = await caseOf(accountId);
    await ana.post(`/api/cases/${id}/claim`);
    await ana.post(`/api/cases/${id}/status`, { status: 'resolved', resolution: 'fraud_confirmed', reasonCode: 'confirmed_fraud' });

    expect((await answer(links.borrower, 'me')).status).toBe(200);
    expect(await caseOf(accountId)).toMatchObject({ status: 'resolved', resolution: 'fraud_confirmed', borrower_answer: null });
    expect(await answersOf(id)).toEqual([{ answer: 'me', outcome: 'case_resolved' }]);

    expect((await ana.request('POST', `/api/cases/${id}/reopen`, { reason: 'borrower wrote in' })).status).toBe(403);
    const supervisor = await harness.console(TEST_ADMIN.username, TEST_ADMIN.password);
    const missing = await supervisor.request('POST', `/api/cases/${id}/reopen`, {});
    expect(missing.status).toBe(400);
    await supervisor.post(`/api/cases/${id}/reopen`, { reason: 'borrower called support: it was fraud after all' });
    expect(await caseOf(accountId)).toMatchObject({ status: 'open', resolution: null, resolved_at: null, assignee_id: null });
    const [entry] = await harness.db.query<{ actor: string; before: unknown; after: unknown }[]>(
      `SELECT actor, before, after FROM audit_log WHERE entity_id = $1 AND action = 'case.reopened'`,
      [id],
    );
    expect(entry).toMatchObject({
      actor: `analyst:${TEST_ADMIN.username}`,
      before: { status: 'resolved', resolution: 'fraud_confirmed' },
      after: { status: 'open', reason: 'borrower called support: it was fraud after all' },
    });
    expect((await supervisor.request('POST', `/api/cases/${id}/reopen`, { reason: 'again' })).status).toBe(409);
  });

  it('writes no session token, CSRF token, answer token or API key to any log line', async () => {
    const ana = await harness.console('ana', 'ana-password-0123');
    const admin = await harness.console();
    for (const client of [ana, admin]) {
      secrets.add(client.cookie!.slice(client.cookie!.indexOf('=') + 1));
      secrets.add(client.csrfToken!);
    }
    // A request with every kind of secret in it: cookie, CSRF header, API key, answer link.
    const accountId = `logs-${randomUUID().slice(0, 8)}`;
    const links = await takeover(accountId);
    await ana.post(`/api/cases/${(await caseOf(accountId)).id}/notes`, { body: 'looked at it' });
    await ana.request('DELETE', '/api/session');
    await fetch(links.borrower);
    expect((await answer(links.borrower, 'not_me')).status).toBe(200);
    const bearer = await fetch(`${harness.url('gateway')}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: '[]',
    });
    expect(bearer.status).toBeLessThan(500);

    expect(secrets.size).toBeGreaterThanOrEqual(7);
    for (const name of ['gateway', 'detector', 'notifier', 'console'] as const) {
      const log = harness.services[name].tail(1_000_000);
      expect(log.length).toBeGreaterThan(0);
      // On failure, show where: the line around the secret, with the secret itself cut short.
      const leaks = [...secrets].flatMap((secret) => {
        const at = log.indexOf(secret);
        return at < 0
          ? []
          : [
              log
                .slice(Math.max(0, at - 120), at)
                .split('\n')
                .pop() + `${secret.slice(0, 4)}…`,
            ];
      });
      expect({ service: name, leaks }).toEqual({ service: name, leaks: [] });
    }
    expect(harness.services.console.tail(1_000_000)).toContain('set-cookie');
  });
});
