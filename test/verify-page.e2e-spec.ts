import { accountActionSchema, type AccountEvent, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import { hashAnswerToken } from '@sentinel/persistence';
import {
  anEvent,
  isolatedPrefix,
  launchChromium,
  onboarded,
  partnerLoan,
  PipelineHarness,
  pollUntil,
  readTopic,
  relativeTo,
  type ReceivedMail,
  screenshotPath,
  SmtpSink,
  testKafka,
} from '@sentinel/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';

const API_KEY = 'verify-ingest-key-0123456789abcdef';
const DAY = 86_400_000;

/**
 * The borrower's answer, end to end: a takeover alert reaches the old and the new email, the
 * borrower opens the link in real headless Chromium and answers; the case, the audit trail and
 * Kafka reflect it; used, expired and forged links all get the same page.
 */
describe('borrower answers through the verify page', () => {
  const prefix = isolatedPrefix();
  let sink: SmtpSink;
  let harness: PipelineHarness;
  let browser: Browser;
  const now = Date.now();
  const at = (offset: number) => new Date(now + offset).toISOString();

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);

  /** A borrower with an email used for months, whose card is unbound from an unknown laptop. */
  const takeover = async (accountId: string, attackerEmail?: string) => {
    // Devices of the story's own: one phone or laptop on several accounts would be a ring.
    const phone = { accountId, device: { id: `phone-${accountId}`, ip: '198.51.100.7' } };
    const laptop = { accountId, device: { id: `laptop-${accountId}`, ip: '203.0.113.9' }, channel: 'web' as const };
    await post([
      anEvent('contact.changed', { ...phone, occurredAt: at(-90 * DAY), payload: { kind: 'email', value: `${accountId}@example.com` } }),
      anEvent('device.login', { ...phone, occurredAt: at(-90 * DAY) }),
      anEvent('card.bound', { ...phone, occurredAt: at(-89 * DAY) }),
      ...(attackerEmail ? [anEvent('contact.changed', { ...laptop, occurredAt: at(-3_600_000), payload: { kind: 'email', value: attackerEmail } })] : []),
      anEvent('card.unbound', { ...laptop, occurredAt: at(0) }),
    ]);
  };

  const mailTo = (address: string) => pollUntil(() => sink.received.find((m) => m.to.includes(address)), { what: `the alert to ${address}` });
  const linkIn = (mail: ReceivedMail) => /https?:\/\/\S+\/verify\/[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')![0];
  /** The borrower's answer as the detector recorded it, once the outbox relayed it onto account.events. */
  const answerRecorded = (accountId: string) =>
    pollUntil(
      async () =>
        (
          await harness.db.query<{ payload: unknown }[]>(`SELECT body->'payload' AS payload FROM account_event WHERE account_id = $1 AND body->>'type' = 'borrower.answered'`, [
            accountId,
          ])
        )[0]?.payload,
      { what: 'the answer folded into the trust model' },
    );
  const caseOf = async (accountId: string) => (await harness.db.query<{ id: string; reference_code: string }[]>(`SELECT * FROM fraud_case WHERE account_id = $1`, [accountId]))[0];

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      (urls) => ({
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `verify:${API_KEY}`,
        SMTP_URL: sink.url,
        DEFAULT_LOCALE: 'en',
        PLATFORM_NAME: 'Lendly',
        PUBLIC_BASE_URL: urls.console,
        OUTBOX_POLL_MS: '200',
        VERIFY_RATE_LIMIT: '40',
        REMINDER_POLL_MS: '300',
        REVERIFY_URL: `${urls.console}/reverify-landing`,
      }),
      'verify-logs',
    ).start();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await sink?.stop();
  });

  it('"not me": the case turns urgent and tops the queue, a hold is recommended, the answer is audited', async () => {
    const accountId = `deny-${randomUUID().slice(0, 8)}`;
    await takeover(accountId, 'attacker@evil.example');
    // The attacker changed the email first; the borrower's previous address is told as well.
    const previous = await mailTo(`${accountId}@example.com`);
    const current = await mailTo('attacker@evil.example');
    expect(previous.parsed.text).toContain('we are also writing to the contact it had before');
    expect(current.parsed.text).not.toContain('the contact it had before');
    const link = linkIn(previous);
    expect(link.startsWith(harness.url('console'))).toBe(true);

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, userAgent: 'SentinelTest/1.0 (HeadlessChrome)' });
    await page.goto(link);
    expect(await page.textContent('h1')).toBe('Was this you?');
    expect(await page.textContent('#what')).toBe('A bank card was unbound from your account');
    expect(await page.textContent('#card')).toBe('622202******1234');
    expect(await page.textContent('#channel')).toBe('Website');
    await page.screenshot({ path: screenshotPath('verify-page-en'), fullPage: true });
    await page.click('a[href="?lang=zh-CN"]');
    expect(await page.textContent('h1')).toBe('这是您本人的操作吗？');
    await page.screenshot({ path: screenshotPath('verify-page-zh-CN'), fullPage: true });
    await page.click('#answer-not-me');
    expect(await page.textContent('#done')).toBe('感谢您的告知');
    await page.close();

    const found = await caseOf(accountId);
    expect(found).toMatchObject({ decision: 'urgent', priority: 'high', borrower_answer: 'not_me', status: 'open' });
    // The laptop acted for someone else: the trust model marks it, and its next act says why.
    expect(await answerRecorded(accountId)).toMatchObject({ answer: 'not_me', devices: [{ id: `laptop-${accountId}` }] });
    const loan = anEvent('loan.opened', {
      accountId,
      device: { id: `laptop-${accountId}`, ip: '203.0.113.9' },
      channel: 'web',
      occurredAt: new Date().toISOString(),
      payload: { loanId: `loan-${accountId}`, amountMinor: 300_000, currency: 'CNY' },
    });
    await post([loan]);
    const evidence = await pollUntil(
      async () =>
        (
          await harness.db.query<{ evidence: Record<string, unknown> }[]>(`SELECT evidence FROM rule_hit WHERE account_id = $1 AND event_id = $2 AND rule_id = 'loan.new-device'`, [
            accountId,
            loan.id,
          ])
        )[0]?.evidence,
      { what: "the laptop's loan judged" },
    );
    expect([evidence.deviceTrust, typeof evidence.deniedAt]).toEqual(['takeover', 'string']);
    const [answer] = await harness.db.query<{ answer: string; via: string; ip: string; user_agent: string }[]>(
      `SELECT answer, via, ip, user_agent FROM borrower_answer WHERE case_id = $1`,
      [found.id],
    );
    expect(answer).toMatchObject({ answer: 'not_me', via: 'link', user_agent: 'SentinelTest/1.0 (HeadlessChrome)' });
    expect(answer.ip).toMatch(/127\.0\.0\.1/);
    const [entry] = await harness.db.query<{ actor: string; before: unknown; after: unknown }[]>(
      `SELECT actor, before, after FROM audit_log WHERE entity_type = 'case' AND entity_id = $1`,
      [found.id],
    );
    expect(entry).toMatchObject({ actor: `borrower:${accountId}`, before: { decision: expect.any(String) as unknown }, after: { answer: 'not_me', decision: 'urgent' } });

    const queue = await (await harness.console()).get<{ items: { id: string }[] }>('/api/cases');
    expect(queue.items[0].id).toBe(found.id);
    const actions = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountActions), 1);
    const denied = actions.map((m) => accountActionSchema.parse(JSON.parse(m.value!.toString()))).find((a) => a.reason === 'borrower_denied');
    expect(denied).toMatchObject({ caseId: found.id, recommendations: ['hold_disbursement', 'hold_card_binding'] });

    // Single use: the borrower reopening the link they answered through is told the answer was
    // recorded; every other link of the case gets the uniform page, as a forged one does.
    const again = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const [lang, recorded] of [
      ['en', 'Your answer was recorded'],
      ['zh-CN', '您的回复已记录'],
    ] as const) {
      const reopened = await again.goto(`${link}?lang=${lang}`);
      expect(reopened!.status()).toBe(200);
      expect(await again.textContent('#recorded')).toBe(recorded);
      expect(await again.textContent('#reference')).toBe(found.reference_code);
      await again.screenshot({ path: screenshotPath(`verify-recorded-${lang}`), fullPage: true });
    }
    await again.close();
    const other = await fetch(linkIn(current));
    const forged = await fetch(`${harness.url('console')}/verify/${randomBytes(32).toString('base64url')}`);
    expect([other.status, forged.status]).toEqual([404, 404]);
    const bodies = await Promise.all([other.text(), forged.text()]);
    expect(bodies[0]).toContain('This link cannot be used');
    expect(new Set(bodies).size).toBe(1);
  });

  it('words the invalid-link page wholly in Chinese for zh-CN', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await page.goto(`${harness.url('console')}/verify/${randomBytes(32).toString('base64url')}?lang=zh-CN`);
    expect(response!.status()).toBe(404);
    expect(await page.textContent('#invalid')).toBe('此链接无法使用');
    // Only the platform's name and the language switch's "English" may be in Latin letters.
    const text = (await page.textContent('main'))!.replace('Lendly', '').replace('English', '');
    expect(text).not.toMatch(/[A-Za-z]{2,}/);
    await page.screenshot({ path: screenshotPath('verify-invalid-zh-CN'), fullPage: true });
    await page.close();
  });

  it('"was me": the case resolves as legitimate with the borrower’s confirmation, and the step-up hold is released', async () => {
    const accountId = `confirm-${randomUUID().slice(0, 8)}`;
    await takeover(accountId);
    const link = linkIn(await mailTo(`${accountId}@example.com`));
    const page = await browser.newPage();
    await page.goto(link);
    await page.click('#answer-me');
    expect(await page.textContent('#done')).toBe('Thank you');
    await page.close();
    expect(await caseOf(accountId)).toMatchObject({ status: 'resolved', resolution: 'legitimate', borrower_answer: 'me' });
    // A step-up (an unbind from an unknown laptop alone: alert), so its card-binding hold is released.
    const found = await caseOf(accountId);
    const actions = (
      await harness.db.query<{ payload: unknown }[]>(`SELECT payload FROM outbox WHERE topic = 'account.actions' AND message_key = $1 ORDER BY id`, [accountId])
    ).map((r) => accountActionSchema.parse(r.payload));
    expect(actions.map((a) => [a.reason, a.recommendations])).toEqual([
      ['step_up', ['hold_card_binding']],
      ['borrower_confirmed', ['release_holds']],
    ]);
    expect(actions[1].caseId).toBe(found.id);
    // Through an email on file for months, it re-verifies the laptop: its next unbind opens no case, where before it did.
    expect(await answerRecorded(accountId)).toMatchObject({ answer: 'me', caseReference: found.reference_code, devices: [{ id: `laptop-${accountId}` }] });
    const laptop = { accountId, device: { id: `laptop-${accountId}`, ip: '203.0.113.9' }, channel: 'web' as const };
    const card = { card: { ref: 'card-2', first6: '622202', last4: '5678', issuer: 'ICBC' } };
    const bound = anEvent('card.bound', { accountId, device: { id: `phone-${accountId}`, ip: '198.51.100.7' }, occurredAt: new Date().toISOString(), payload: card });
    const unbound = anEvent('card.unbound', { ...laptop, occurredAt: new Date(Date.now() + 1000).toISOString(), payload: card });
    await post([bound, unbound]);
    await pollUntil(async () => (await harness.db.query<unknown[]>(`SELECT 1 FROM account_event WHERE account_id = $1 AND id = $2`, [accountId, unbound.id])).length > 0, {
      what: 'the second unbind',
    });
    expect(await harness.db.query(`SELECT rule_id FROM rule_hit WHERE account_id = $1 AND event_id = $2`, [accountId, unbound.id])).toEqual([]);
    expect(await harness.db.query(`SELECT status FROM fraud_case WHERE account_id = $1 ORDER BY opened_at`, [accountId])).toEqual([{ status: 'resolved' }]);

    // Both answers so far count toward the rule's measured precision: one "not me", one "was me".
    const rules = await (
      await harness.console()
    ).get<{
      rules: { id: string; measured: { fraud: number; legitimate: number; precision: number | null } }[];
    }>('/api/rules');
    const measured = rules.rules.find((r) => r.id === 'unbind.unknown-device')!.measured;
    expect(measured).toMatchObject({ fraud: 1, legitimate: 1, precision: 0.5 });
  });

  it('shows the amount of the loan the borrower is asked about, in either language', async () => {
    const accountId = `loan-${randomUUID().slice(0, 8)}`;
    await post([...onboarded(accountId, relativeTo(now)), partnerLoan(accountId, 'shady-verify', relativeTo(now))]);
    const link = linkIn(await mailTo(`${accountId}@example.com`));
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const [lang, amount] of [
      ['en', '20,000.00 CNY'],
      ['zh-CN', '20,000.00 元'],
    ] as const) {
      await page.goto(`${link}?lang=${lang}`);
      expect(await page.textContent('#amount')).toBe(amount);
      await page.screenshot({ path: screenshotPath(`verify-loan-${lang}`), fullPage: true });
    }
    await page.close();
  });

  it('refuses an expired link with the same page', async () => {
    const accountId = `expired-${randomUUID().slice(0, 8)}`;
    await takeover(accountId);
    const link = linkIn(await mailTo(`${accountId}@example.com`));
    const token = link.slice(link.lastIndexOf('/') + 1);
    await harness.db.query(`UPDATE answer_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashAnswerToken(token)]);
    const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=not_me&lang=en' });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('This link cannot be used');
    expect(await caseOf(accountId)).toMatchObject({ borrower_answer: null, status: 'open' });
  });

  it('notices open a page that continues to the platform’s re-verification, and reminders stop once the borrower does', async () => {
    const accountId = `notice-${randomUUID().slice(0, 8)}`;
    const phone = { accountId, device: { id: 'phone-1' } };
    const inFiveDays = new Date(now + 5 * DAY).toISOString().slice(0, 10);
    await post([
      anEvent('contact.changed', { ...phone, occurredAt: at(-90 * DAY), payload: { kind: 'email', value: `${accountId}@example.com` } }),
      anEvent('identity.document.updated', { ...phone, occurredAt: at(-60_000), payload: { documentType: 'resident_id', expiresOn: inFiveDays } }),
    ]);
    const mail = await mailTo(`${accountId}@example.com`);
    expect(mail.parsed.subject).toContain('Reminder: your ID document expires on');
    const link = linkIn(mail);

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(link);
    expect(await page.textContent('h1')).toBe('Your ID document expires soon');
    expect(await page.textContent('#expires-on')).toBe(inFiveDays);
    await page.screenshot({ path: screenshotPath('notice-page-en'), fullPage: true });
    await page.click('#continue');
    await page.waitForURL(/reverify-landing/);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('reason')).toBe('id.expiring');
    expect(landed.searchParams.get('ref')).toMatch(/^[A-Z0-9]{8}$/);
    await page.close();

    const [doc] = await harness.db.query<{ borrower_acted_at: Date | null }[]>(`SELECT borrower_acted_at FROM document_expiry WHERE account_id = $1`, [accountId]);
    expect(doc.borrower_acted_at).toBeInstanceOf(Date);
    const [continued] = await harness.db.query<{ answer: string; via: string }[]>(`SELECT answer, via FROM borrower_answer WHERE account_id = $1`, [accountId]);
    expect(continued).toEqual({ answer: 'continued', via: 'link' });
    expect((await fetch(link)).status).toBe(404);
  });

  it('never writes an answer token to a log', () => {
    for (const name of ['gateway', 'detector', 'notifier', 'console'] as const) {
      expect(harness.services[name].tail(100_000)).not.toMatch(/verify\/[A-Za-z0-9_-]{20,}/);
    }
    expect(harness.services.console.tail(100_000)).toContain('/verify/[token]');
  });

  it('rate-limits the verify page per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await fetch(`${harness.url('console')}/verify/${randomBytes(32).toString('base64url')}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(40);

    // A throttled borrower gets a page in their language, never the API's JSON.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const [lang, heading] of [
      ['en', 'Too many attempts'],
      ['zh-CN', '尝试次数过多'],
    ] as const) {
      const response = await page.goto(`${harness.url('console')}/verify/${randomBytes(32).toString('base64url')}?lang=${lang}`);
      expect(response!.status()).toBe(429);
      expect(response!.headers()['content-type']).toContain('text/html');
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.textContent('#throttled')).toBe(heading);
      expect(await page.content()).not.toContain('statusCode');
      await page.screenshot({ path: screenshotPath(`verify-throttled-${lang}`), fullPage: true });
    }
    await page.close();
  });
});
