import { CORRELATION_HEADER, DLQ_HEADERS, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import { anEvent, isolatedPrefix, PipelineHarness, pollUntil, readTopic, SmtpSink, testKafka, TwilioEndpoint } from '@sentinel/testing';
import twilioSdk from 'twilio';
import type { DataSource } from 'typeorm';
import { SERVICES } from '../scripts/lib/service-process';

const API_KEY = 'e2e-ingest-key-0123456789abcdef';
const TWILIO_SID = `AC${'fedcba9876543210'.repeat(2)}`;

/**
 * The whole pipeline as it runs in production: the four compiled services as processes, a real
 * broker and database, a real SMTP server, and the real twilio SDK calling a local endpoint.
 */
describe('pipeline: gateway → Kafka → detector → outbox → notifier → SMTP and Twilio; console', () => {
  const prefix = isolatedPrefix();
  let sink: SmtpSink;
  let twilio: TwilioEndpoint;
  let harness: PipelineHarness;
  let services: PipelineHarness['services'];
  let db: DataSource;

  const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': API_KEY }) =>
    fetch(`${services.gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    twilio = await new TwilioEndpoint().start();
    harness = await new PipelineHarness(
      [...SERVICES],
      (urls) => ({
        TWILIO_STATUS_CALLBACK_URL: `${urls.notifier}/twilio/status`,
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `e2e:${API_KEY}`,
        SMTP_URL: sink.url,
        TWILIO_ACCOUNT_SID: TWILIO_SID,
        TWILIO_AUTH_TOKEN: 'e2e-twilio-auth-token',
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE_URL: twilio.url,
        PLATFORM_NAME: 'Lendly',
        DEFAULT_LOCALE: 'en',
        OUTBOX_POLL_MS: '200',
        // The borrower's contacts below are seven weeks old. A step-up goes to one contact trusted
        // for TRUSTED_CONTACT_HOURS (the notifier int-spec covers that); with a year, none is, so it
        // goes to every channel: the path this suite follows to both SMTP and Twilio.
        TRUSTED_CONTACT_HOURS: String(365 * 24),
      }),
      'e2e-logs',
    ).start();
    services = harness.services;
    db = harness.db;
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    await sink?.stop();
    await twilio?.stop();
  });

  it('alerts the borrower by email and SMS when a card is unbound from an unknown device', async () => {
    const accountId = `e2e-${Date.now().toString(36)}`;
    const on = (at: string) => ({ accountId, occurredAt: at });
    const response = await post({
      events: [
        anEvent('contact.changed', { ...on('2026-10-01T08:00:00Z'), payload: { kind: 'email', value: 'li.wei@example.com' } }),
        anEvent('contact.changed', { ...on('2026-10-01T08:00:01Z'), payload: { kind: 'phone', value: '+8613800138000' } }),
        anEvent('device.login', on('2026-10-01T08:01:00Z')),
        anEvent('card.bound', on('2026-10-01T08:02:00Z')),
      ],
    });
    expect(response.status).toBe(202);
    const unbind = await post(anEvent('card.unbound', { ...on('2026-11-20T10:00:00Z'), device: { id: 'laptop-x', ip: '203.0.113.9' }, channel: 'web' }), {
      'x-api-key': API_KEY,
      [CORRELATION_HEADER]: 'e2e-corr-1',
    });
    expect(unbind.status).toBe(202);
    const { ids } = (await unbind.json()) as { ids: string[] };

    const [found] = await pollUntil(
      async () => {
        const rows = await db.query<{ id: string; reference_code: string; decision: string; correlation_id: string | null }[]>(
          `SELECT id, reference_code, decision, correlation_id FROM fraud_case WHERE account_id = $1`,
          [accountId],
        );
        return rows.length ? rows : undefined;
      },
      { what: 'a case in Postgres' },
    );
    expect(found).toMatchObject({ decision: 'alert', correlation_id: 'e2e-corr-1' });
    const hits = await db.query<{ rule_id: string; event_id: string }[]>(`SELECT rule_id, event_id FROM rule_hit WHERE case_id = $1`, [found.id]);
    expect(hits).toEqual([{ rule_id: 'unbind.unknown-device', event_id: ids[0] }]);

    const mail = await pollUntil(() => sink.received.find((m) => m.parsed.subject?.includes(found.reference_code)), {
      what: 'the alert email at the SMTP server',
    });
    expect(mail.to).toEqual(['li.wei@example.com']);
    expect(mail.parsed.subject).toBe(`[Lendly] Security alert: Bank card 622202******1234 was unbound from your account (ref ${found.reference_code})`);
    // Why, in words; internal device and event ids stay in the console.
    expect(mail.parsed.text).toContain('never seen on this account');
    expect(mail.parsed.text).not.toContain('laptop-x');
    expect(mail.parsed.html).toContain(found.reference_code);

    const sms = await pollUntil(() => twilio.requests.find((r) => r.form.Body?.includes(found.reference_code)), {
      what: 'the SMS at the Twilio endpoint',
    });
    expect(sms.path).toBe(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(sms.form).toMatchObject({ To: '+8613800138000', From: '+15005550006' });
    expect(sms.userAgent).toMatch(/^twilio-node\//);

    const deliveries = await pollUntil(
      async () => {
        const rows = await db.query<{ channel: string; status: string; recipient_masked: string; provider_message_id: string | null }[]>(
          `SELECT channel, status, recipient_masked, provider_message_id FROM delivery WHERE case_id = $1 ORDER BY channel`,
          [found.id],
        );
        return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
      },
      { what: 'both deliveries recorded as sent' },
    );
    expect(deliveries).toEqual([
      { channel: 'email', status: 'sent', recipient_masked: 'l***@example.com', provider_message_id: expect.any(String) as unknown },
      { channel: 'sms', status: 'sent', recipient_masked: '+86138****8000', provider_message_id: expect.stringMatching(/^SM/) as unknown },
    ]);

    const analyst = await harness.console();
    const list = await analyst.get<{ items: { id: string }[] }>('/api/cases?limit=10');
    expect(list.items.map((c) => c.id)).toContain(found.id);
    const detail = await analyst.get<{
      hits: unknown[];
      alerts: unknown[];
      timeline: { type: string; payload: Record<string, unknown> }[];
    }>(`/api/cases/${found.id}`);
    expect(detail.hits).toHaveLength(1);
    expect(detail.alerts).toHaveLength(2);
    expect(detail.timeline.map((e) => e.type)).toEqual(['contact.changed', 'contact.changed', 'device.login', 'card.bound', 'card.unbound']);
    expect(JSON.stringify(detail)).not.toContain('13800138000');
    expect(JSON.stringify(detail)).not.toContain('li.wei@');
  });

  it("updates delivery status from Twilio's signed receipts and rejects forged ones", async () => {
    const [sms] = await db.query<{ provider_message_id: string }[]>(`SELECT provider_message_id FROM delivery WHERE channel = 'sms' AND status = 'sent' LIMIT 1`);
    const request = twilio.requests.find((r) => r.form.StatusCallback);
    const url = `${services.notifier.url}/twilio/status`;
    expect(request?.form.StatusCallback).toBe(url);
    const params = { MessageSid: sms.provider_message_id, MessageStatus: 'delivered', AccountSid: TWILIO_SID };
    const callback = (signature?: string, body = params) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(body).toString(),
      });
    expect((await callback()).status).toBe(403);
    expect((await callback(twilioSdk.getExpectedTwilioSignature('not-the-token', url, params))).status).toBe(403);
    const tampered = { ...params, MessageStatus: 'failed' };
    expect((await callback(twilioSdk.getExpectedTwilioSignature('e2e-twilio-auth-token', url, params), tampered)).status).toBe(403);
    expect((await callback(twilioSdk.getExpectedTwilioSignature('e2e-twilio-auth-token', url, params))).status).toBe(204);
    const [after] = await db.query<{ status: string; provider_status: string | null }[]>(`SELECT status, provider_status FROM delivery WHERE provider_message_id = $1`, [
      sms.provider_message_id,
    ]);
    expect(after).toEqual({ status: 'sent', provider_status: 'delivered' });
  });

  it('answers a malformed request with a 4xx that names what is wrong', async () => {
    const bad = await post({ events: [anEvent('device.login'), { ...anEvent('card.unbound'), payload: { card: { ref: 'c', last4: 'abcd' } } }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: 'INVALID_EVENT',
      issues: [{ path: 'events[1].payload.card.last4', message: 'card.last4 must be exactly 4 digits' }],
    });
    // The borrower's answer is Sentinel's own event: a platform that could send it could wash a takeover mark.
    const forged = await post({ events: [anEvent('borrower.answered', { channel: 'system', actor: { kind: 'system' }, device: undefined })] });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({
      error: 'INVALID_EVENT',
      issues: [{ path: 'events[0].type', message: 'borrower.answered is published by Sentinel itself when a borrower answers; the platform may not send it' }],
    });
    expect((await post('{"events": [')).status).toBe(400);
    expect((await post(anEvent('device.login'), {})).status).toBe(401);
    expect((await post(anEvent('device.login'), { 'x-api-key': 'wrong-key-wrong-key-wrong-key' })).status).toBe(401);
    expect((await (await harness.console()).request('GET', '/api/cases?limit=0')).status).toBe(400);
  });

  it('dead-letters a malformed message written straight to the topic without blocking the events behind it', async () => {
    const accountId = `e2e-dlq-${Date.now().toString(36)}`;
    const kafka = await testKafka(prefix);
    const producer = kafka.producer();
    await producer.connect();
    const good = anEvent('device.login', { accountId });
    // Same key, so the same partition: the good event sits right behind the bad one.
    await producer.send({
      topic: physicalTopic({ topicPrefix: prefix }, Topics.accountEvents),
      messages: [
        { key: accountId, value: Buffer.from('{"type":"card.unbound","accountId":') },
        { key: accountId, value: JSON.stringify(good) },
      ],
    });
    await producer.disconnect();

    await pollUntil(async () => (await db.query<unknown[]>(`SELECT 1 FROM account_event WHERE id = $1`, [good.id])).length > 0, {
      what: 'the event behind the malformed one to be processed',
    });
    const dlq = await readTopic(kafka, physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq), 1);
    const dead = dlq.find((m) => m.key?.toString() === accountId)!;
    expect(dead.value?.toString()).toBe('{"type":"card.unbound","accountId":');
    expect(dead.headers?.[DLQ_HEADERS.code]?.toString()).toBe('MALFORMED_JSON');
    expect(dead.headers?.[DLQ_HEADERS.sourceTopic]?.toString()).toBe(Topics.accountEvents);
  });

  it('dead-letters every kind of bad input with its reason, counts it, and keeps the partition moving', async () => {
    const accountId = `e2e-bad-${Date.now().toString(36)}`;
    const good = anEvent('device.login', { accountId });
    const cases: [string, Buffer | string][] = [
      ['MALFORMED_JSON', '{"type":"card.unbound",'],
      ['INVALID_EVENT', JSON.stringify({ ...anEvent('device.login'), accountId: 42 })],
      ['UNKNOWN_EVENT_TYPE', JSON.stringify({ ...anEvent('device.login'), type: 'account.deleted' })],
      ['INVALID_EVENT', JSON.stringify((({ payload: _p, ...rest }) => rest)(anEvent('card.unbound')))],
      ['OVERSIZED', JSON.stringify({ ...anEvent('device.login'), pad: 'x'.repeat(1_000_000) })],
      ['OUT_OF_RANGE_TIME', JSON.stringify(anEvent('device.login', { occurredAt: '2099-01-01T00:00:00Z' }))],
      ['OUT_OF_RANGE_TIME', JSON.stringify(anEvent('device.login', { occurredAt: '2001-01-01T00:00:00Z' }))],
      ['INVALID_ENCODING', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['INVALID_EVENT', JSON.stringify({ ...anEvent('device.login'), accountId: "x' OR '1'='1" })],
    ];
    const kafka = await testKafka(prefix);
    const producer = kafka.producer();
    await producer.connect();
    // One key, so one partition: every bad message sits in front of the good ones.
    await producer.send({
      topic: physicalTopic({ topicPrefix: prefix }, Topics.accountEvents),
      messages: [...cases.map(([, value]) => ({ key: accountId, value })), { key: accountId, value: JSON.stringify(good) }, { key: accountId, value: JSON.stringify(good) }],
    });
    await producer.disconnect();

    await pollUntil(async () => (await db.query<unknown[]>(`SELECT 1 FROM account_event WHERE id = $1`, [good.id])).length > 0, { what: 'the good event behind the bad ones' });
    const dlq = (await readTopic(kafka, physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq), cases.length + 1)).filter((m) => m.key?.toString() === accountId);
    expect(dlq.map((m) => m.headers?.[DLQ_HEADERS.code]?.toString())).toEqual(cases.map(([code]) => code));
    expect(dlq.every((m) => m.headers?.[DLQ_HEADERS.reason]?.toString().length)).toBe(true);
    expect(dlq[7].value?.equals(cases[7][1] as Buffer)).toBe(true);
    expect(await db.query(`SELECT count(*)::int AS n FROM account_event WHERE id = $1`, [good.id])).toEqual([{ n: 1 }]);

    const metrics = await (await fetch(`${services.detector.url}/metrics`)).text();
    for (const code of ['MALFORMED_JSON', 'INVALID_EVENT', 'UNKNOWN_EVENT_TYPE', 'OVERSIZED', 'OUT_OF_RANGE_TIME', 'INVALID_ENCODING']) {
      expect(metrics).toMatch(new RegExp(`sentinel_detector_dead_letters_total\\{code="${code}",service="detector"\\} [1-9]`));
    }
    expect(metrics).toMatch(/sentinel_detector_events_total\{outcome="duplicate",service="detector"\} [1-9]/);
    expect((await fetch(`${services.detector.url}/health/ready`)).status).toBe(200);

    const future = await post(anEvent('device.login', { occurredAt: '2099-01-01T00:00:00Z' }));
    expect(future.status).toBe(400);
    expect(await future.json()).toMatchObject({ issues: [{ path: 'occurredAt', message: '2099-01-01T00:00:00.000Z is more than 300 s in the future' }] });
  });

  it('serves the console page, health and metrics', async () => {
    const page = await fetch(`${services.console.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>Account Sentinel</title>');
    for (const name of SERVICES) {
      expect((await fetch(`${services[name].url}/health/live`)).status).toBe(200);
    }
    const metrics = await (await fetch(`${services.detector.url}/metrics`)).text();
    expect(metrics).toMatch(/sentinel_detector_events_total\{outcome="processed",service="detector"\} \d+/);
    const gatewayMetrics = await (await fetch(`${services.gateway.url}/metrics`)).text();
    expect(gatewayMetrics).toMatch(/sentinel_gateway_events_total\{outcome="rejected",service="gateway"\} [1-9]/);
  });

  it('keeps PII out of every log line', () => {
    for (const name of SERVICES) {
      const log = services[name].tail(100_000);
      expect(log).not.toContain('13800138000');
      expect(log).not.toContain('li.wei@example.com');
      expect(log).not.toContain(API_KEY);
      expect(log).not.toContain('e2e-twilio-auth-token');
    }
  });

  it('drains and exits on SIGTERM', async () => {
    for (const name of SERVICES) {
      const exit = await services[name].stop();
      expect({ name, forced: exit.forced }).toEqual({ name, forced: false });
    }
  });
});
