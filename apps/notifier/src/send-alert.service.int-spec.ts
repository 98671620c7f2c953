import { type AlertMessage, DLQ_HEADERS, Topics } from '@sentinel/contracts';
import { KafkaPublisherDriver, physicalTopic } from '@sentinel/messaging';
import { createRegistry } from '@sentinel/platform';
import { isolatedDatabase, isolatedPrefix, readTopic, SmtpSink, testDataSource, testKafka, testKafkaSettings, TwilioEndpoint } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SmtpDriver } from './channels/smtp.driver';
import { TwilioSmsDriver } from './channels/twilio-sms.driver';
import { DeliveriesRepository } from './deliveries.repository';
import { loadNotifierConfig } from './notifier.config';
import { SendAlertService } from './send-alert.service';

const SID = `AC${'ab'.repeat(16)}`;

describe('SendAlertService: retries, dead letters and once-only delivery, against real SMTP, Twilio SDK, Postgres and Kafka', () => {
  const prefix = isolatedPrefix();
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: DataSource;
  let sink: SmtpSink;
  let twilio: TwilioEndpoint;
  let smtp: SmtpDriver;
  let publisher: KafkaPublisherDriver;
  let service: SendAlertService;

  const row = async (alert: AlertMessage, channel: 'email' | 'sms') =>
    (await db.query(`SELECT status, attempts, last_error, next_attempt_at FROM delivery WHERE dedupe_key = $1 AND channel = $2`, [alert.caseId, channel]))[0];

  /** A case for a borrower with an email and a phone, and a fraud alert for it. */
  async function anAlert(): Promise<AlertMessage> {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const caseId = randomUUID();
    await db.query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'alert', 70, 1)`, [
      caseId,
      randomUUID().slice(0, 8).toUpperCase().replace(/[^A-Z0-9]/g, 'X'),
      accountId,
    ]);
    for (const [kind, value] of [['email', `${accountId}@example.com`], ['phone', '+8613800138000']]) {
      await db.query(`INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id) VALUES ($1, $2, $3, now(), $4)`, [accountId, kind, value, randomUUID()]);
    }
    return {
      alertId: randomUUID(),
      kind: 'fraud',
      caseId,
      accountId,
      referenceCode: 'REF12345',
      decision: 'alert',
      ruleSetVersion: 1,
      createdAt: new Date().toISOString(),
      event: { id: 'e1', type: 'card.unbound', occurredAt: new Date().toISOString(), channel: 'web', cardMasked: '**** 1234' },
      hits: [{ ruleId: 'unbind.unknown-device', severity: 'high', score: 70, explanation: { en: 'why', 'zh-CN': '原因' } }],
    };
  }

  const makeDue = () => db.query(`UPDATE delivery SET next_attempt_at = now() WHERE status = 'retrying'`);

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = await testDataSource(database.url);
    sink = await new SmtpSink().start();
    twilio = await new TwilioEndpoint().start();
    const config = loadNotifierConfig({
      SMTP_URL: sink.url,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'retry-test-auth-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      NOTIFY_MAX_ATTEMPTS: '3',
      DEFAULT_LOCALE: 'en',
    });
    smtp = new SmtpDriver(sink.url, 'Sentinel <alerts@sentinel.test>');
    publisher = new KafkaPublisherDriver(await testKafka(prefix), testKafkaSettings(prefix));
    service = new SendAlertService(config, smtp, new TwilioSmsDriver(config.twilio!), db, publisher, new DeliveriesRepository(db), createRegistry('test'));
  });

  afterEach(() => {
    sink.rejectWith = undefined;
    twilio.failWith = undefined;
  });

  afterAll(async () => {
    smtp.close();
    await publisher.disconnect();
    await sink.stop();
    await twilio.stop();
    await db.destroy();
    await database.drop();
  });

  it('sends each message once, however often the alert is redelivered', async () => {
    const alert = await anAlert();
    await service.send(alert);
    await service.send(alert);
    await service.send({ ...alert, alertId: randomUUID(), decision: 'urgent' });
    expect(sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`))).toHaveLength(1);
    expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await row(alert, 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a transient SMTP failure with backoff and delivers once the server recovers', async () => {
    const alert = await anAlert();
    sink.rejectWith = 451;
    await service.send(alert);
    const failed = await row(alert, 'email');
    expect(failed).toMatchObject({ status: 'retrying', attempts: 1, last_error: expect.stringContaining('451') });
    expect(failed.next_attempt_at.getTime()).toBeGreaterThan(Date.now());

    sink.rejectWith = undefined;
    await makeDue();
    await service.retryDue();
    expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`))).toHaveLength(1);
  });

  it('dead-letters an SMS after the last transient failure and notes it on the case', async () => {
    const alert = await anAlert();
    twilio.failWith = { status: 503, code: 20503, message: 'Service Unavailable' };
    await service.send(alert);
    for (let i = 0; i < 2; i++) {
      await makeDue();
      await service.retryDue();
    }
    expect(await row(alert, 'sms')).toMatchObject({ status: 'dead', attempts: 3 });
    const [note] = await db.query(`SELECT author, body FROM case_note WHERE case_id = $1`, [alert.caseId]);
    expect(note.body).toMatch(/^Alert REF12345 not delivered: sms to \+86138\*\*\*\*8000 failed after 3 attempt\(s\): Twilio 503/);
    const dlq = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountAlertsDlq), 1);
    const dead = dlq.find((m) => JSON.parse(m.value!.toString()).alertId === alert.alertId)!;
    expect(dead.headers?.[DLQ_HEADERS.code]?.toString()).toBe('DELIVERY_FAILED');
  });

  it('does not retry a permanent failure', async () => {
    const alert = await anAlert();
    sink.rejectWith = 550;
    await service.send(alert);
    expect(await row(alert, 'email')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await db.query(`SELECT 1 FROM case_note WHERE case_id = $1`, [alert.caseId])).toHaveLength(1);
  });
});
