import { anEvent, isolatedPrefix, PipelineHarness, pollUntil, SmtpSink } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

const API_KEY = 'linkfree-ingest-key-0123456789abcdef';
const DAY = 86_400_000;

/** Link-free mode: no link in any message; the borrower answers in the app, which relays the reference code. */
describe('link-free alerts answered through the platform app', () => {
  let sink: SmtpSink;
  let harness: PipelineHarness;

  const gateway = (path: string, body: unknown) => harness.gateway(path, API_KEY, body);

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier'],
      {
        KAFKA_TOPIC_PREFIX: isolatedPrefix(),
        INGEST_API_KEYS: `core-app:${API_KEY}:events:write+answers:write`,
        SMTP_URL: sink.url,
        DEFAULT_LOCALE: 'en',
        LINK_FREE: 'true',
        OUTBOX_POLL_MS: '200',
      },
      'link-free-logs',
    ).start();
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    await sink?.stop();
  });

  it('sends a reference code instead of a link, and takes the answer from the app', async () => {
    const accountId = `lf-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const at = (offset: number) => new Date(now + offset).toISOString();
    const phone = { accountId, device: { id: 'phone-1' } };
    const sent = await gateway('/v1/events', {
      events: [
        anEvent('contact.changed', { ...phone, occurredAt: at(-90 * DAY), payload: { kind: 'email', value: `${accountId}@example.com` } }),
        anEvent('device.login', { ...phone, occurredAt: at(-90 * DAY) }),
        anEvent('card.unbound', { accountId, device: { id: 'laptop-x' }, channel: 'web', occurredAt: at(0) }),
      ],
    });
    expect(sent.status).toBe(202);
    const mail = await pollUntil(() => sink.received.find((m) => m.to.includes(`${accountId}@example.com`)), { what: 'the link-free alert' });
    expect(mail.parsed.text).not.toMatch(/https?:\/\//);
    expect(mail.parsed.html).not.toMatch(/https?:\/\/|<a\s/);
    expect(mail.parsed.text).toContain('open the official app');
    const referenceCode = /ref ([A-Z0-9]{8})/.exec(mail.parsed.subject ?? '')![1];

    expect((await gateway('/v1/answers', { accountId, referenceCode: 'nope', answer: 'not_me' })).status).toBe(400);
    expect((await gateway('/v1/answers', { accountId, referenceCode: 'ZZZZZZZZ', answer: 'not_me' })).status).toBe(404);
    const answered = await gateway('/v1/answers', { accountId, referenceCode, answer: 'not_me', ip: '198.51.100.23', userAgent: 'LendlyApp/7.1 (iOS)' });
    expect(answered.status).toBe(200);
    expect((await gateway('/v1/answers', { accountId, referenceCode, answer: 'me' })).status).toBe(409);

    const [found] = await harness.db.query<{ id: string; decision: string; priority: string; borrower_answer: string | null }[]>(
      `SELECT id, decision, priority, borrower_answer FROM fraud_case WHERE account_id = $1`,
      [accountId],
    );
    expect(found).toMatchObject({ decision: 'urgent', priority: 'high', borrower_answer: 'not_me' });
    const [entry] = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE entity_id = $1`, [found.id]);
    expect(entry.actor).toBe(`borrower:${accountId} via app:core-app`);
    expect(entry.after).toMatchObject({ via: 'app', ip: '198.51.100.23', userAgent: 'LendlyApp/7.1 (iOS)' });
  });
});
