import { type AlertMessage, Topics } from '@sentinel/contracts';
import { type IncomingBatch, KafkaPublisherDriver } from '@sentinel/messaging';
import { AlertLinksRepository, DeliveriesRepository, SmsOutboxRepository } from '@sentinel/persistence';
import { createRegistry } from '@sentinel/service-kit';
import { systemClock } from '@sentinel/rules';
import { isolatedDatabase, isolatedPrefix, SmtpSink, testDataSource, testKafka, testKafkaSettings } from '@sentinel/testing';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AlertsConsumer } from './alerts.consumer';
import { DryRunSmsDriver } from './channels/dry-run-sms.driver';
import { SmtpDriver } from './channels/smtp.driver';
import { InFlightDeliveries } from './in-flight-deliveries';
import { loadNotifierConfig } from './notifier.config';
import { MAX_RECIPIENTS_PER_CHANNEL } from './recipients';
import { SendAlertService } from './send-alert.service';

/**
 * Issue 22: a preferences.updated with 7,000 copies of "email", stored before the contract refused
 * it, made each of that borrower's notices plan, claim and log 7,000 messages, and four of them
 * held an unrelated borrower's urgent alert on the same partition for 30 s. The bound is asserted
 * as work done (messages planned, lines logged, rows written), not as time.
 */
describe('the notifier bounds the work one account can cause, against Postgres and real SMTP', () => {
  const prefix = isolatedPrefix();
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: DataSource;
  let sink: SmtpSink;
  let publisher: KafkaPublisherDriver;
  let consumer: AlertsConsumer;
  let deliveries: DeliveriesRepository;

  const batchOf = (alerts: AlertMessage[]): IncomingBatch => ({
    topic: Topics.accountAlerts,
    partition: 0,
    messages: alerts.map((alert, i) => ({
      key: Buffer.from(alert.accountId),
      value: Buffer.from(JSON.stringify(alert)),
      offset: String(i),
      timestamp: '0',
      attributes: 0,
      headers: {},
    })),
    heartbeat: () => Promise.resolve(),
  });

  const account = () => `acc-${randomUUID().slice(0, 8)}`;
  const contact = (accountId: string, kind: 'email' | 'phone', value: string, replacedHoursAgo?: number) =>
    db.query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, valid_to, source_event_id)
       VALUES ($1, $2, $3, now() - interval '30 days', CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(hours => $4::int) END, $5)`,
      [accountId, kind, value, replacedHoursAgo ?? null, randomUUID()],
    );

  const message = (accountId: string, over: Partial<AlertMessage>): AlertMessage =>
    ({
      alertId: randomUUID(),
      accountId,
      referenceCode: 'REF12345',
      ruleSetVersion: 1,
      createdAt: new Date().toISOString(),
      hits: [{ ruleId: 'notice.card-invalidated', severity: 'low', score: 0, explanation: { en: 'card', 'zh-CN': 'card' } }],
      ...over,
    }) as AlertMessage;
  const notice = (accountId: string) => message(accountId, { kind: 'notice', decision: 'notice', notice: { type: 'card.invalidated', cardMasked: '**** 1234' } });
  async function urgent(accountId: string): Promise<AlertMessage> {
    const caseId = randomUUID();
    await db.query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'urgent', 95, 1)`, [
      caseId,
      randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase(),
      accountId,
    ]);
    return message(accountId, {
      kind: 'fraud',
      caseId,
      decision: 'urgent',
      event: { id: 'e1', type: 'card.unbound', occurredAt: new Date().toISOString(), channel: 'web', cardMasked: '**** 1234' },
      hits: [{ ruleId: 'unbind.unknown-device', severity: 'critical', score: 95, explanation: { en: 'why', 'zh-CN': '原因' } }],
    });
  }

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = await testDataSource(database.url);
    sink = await new SmtpSink().start();
    publisher = new KafkaPublisherDriver(await testKafka(prefix), testKafkaSettings(prefix));
    const config = loadNotifierConfig({ SMTP_URL: sink.url, DEFAULT_LOCALE: 'en', DAILY_MESSAGE_LIMIT: '1000' });
    deliveries = new DeliveriesRepository(db);
    const service = new SendAlertService(
      config,
      new SmtpDriver(sink.url, 'Sentinel <alerts@sentinel.test>'),
      new DryRunSmsDriver(new SmsOutboxRepository(db)),
      new AlertLinksRepository(db),
      publisher,
      deliveries,
      new InFlightDeliveries(config, deliveries),
      createRegistry('test'),
      systemClock,
    );
    consumer = new AlertsConsumer(service, publisher, db);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await publisher.disconnect();
    await sink.stop();
    await db.destroy();
    await database.drop();
  });

  it('given stored preferences with 7,000 copies of "email", when four notices precede another borrower’s urgent alert on the partition, then each notice is planned once per channel and recipient, and "skipping" is logged once per notice at most', async () => {
    const junk = account();
    const other = account();
    await contact(junk, 'email', `${junk}@example.com`);
    await contact(other, 'email', `${other}@example.com`);
    await contact(other, 'phone', '+8613800138000');
    await db.query(`INSERT INTO account_preference (account_id, channels, updated_at) VALUES ($1, $2, now())`, [junk, Array.from({ length: 7000 }, () => 'email')]);
    const alert = await urgent(other);
    const claimed = jest.spyOn(deliveries, 'claimMany');
    const logged = jest.spyOn(Logger.prototype, 'log');

    await consumer.handle(batchOf([notice(junk), notice(junk), notice(junk), notice(junk), alert]));

    // Before: 4 × 7,000 messages planned and claimed, 4 × 6,999 "skipping" lines.
    const planned = claimed.mock.calls.reduce((sum, [wanted]) => sum + wanted.length, 0);
    expect(planned).toBe(4 * 1 + 2);
    const skipping = logged.mock.calls.filter(([entry]) => JSON.stringify(entry).includes('skipping'));
    expect(skipping.length).toBeLessThanOrEqual(4);
    // The other borrower's alert went out on both channels, and each notice once, by email.
    expect(sink.received.filter((mail) => mail.to.includes(`${other}@example.com`))).toHaveLength(1);
    expect(await db.query(`SELECT count(*)::int AS n FROM sms_outbox`)).toEqual([{ n: 1 }]);
    const rows = await db.query<{ account_id: string; channel: string; n: number }[]>(
      `SELECT account_id, channel, count(*)::int AS n FROM delivery GROUP BY account_id, channel ORDER BY account_id = $1 DESC, channel`,
      [junk],
    );
    expect(rows).toEqual([
      { account_id: junk, channel: 'email', n: 4 },
      { account_id: other, channel: 'email', n: 1 },
      { account_id: other, channel: 'sms', n: 1 },
    ]);
  });

  it('given an account with hundreds of replaced contacts, when its fraud alert is sent, then at most MAX_RECIPIENTS_PER_CHANNEL per channel are told, the newest first, and the cut is logged once with its count', async () => {
    const junk = account();
    await contact(junk, 'email', `${junk}@example.com`);
    for (let i = 0; i < 300; i++) await contact(junk, 'email', `old-${i}-${junk}@example.com`, 1 + i);
    const alert = await urgent(junk);
    const claimed = jest.spyOn(deliveries, 'claimMany');
    const warned = jest.spyOn(Logger.prototype, 'warn');

    await consumer.handle(batchOf([alert]));

    const planned = claimed.mock.calls.reduce((sum, [wanted]) => sum + wanted.length, 0);
    // Email to the current address and the newest replaced ones; SMS has no contact (one skip).
    expect(planned).toBe(MAX_RECIPIENTS_PER_CHANNEL + 1);
    const told = sink.received.filter((mail) => mail.to.some((to) => to.endsWith(`${junk}@example.com`))).flatMap((mail) => mail.to);
    expect(told.sort()).toEqual([`${junk}@example.com`, ...Array.from({ length: MAX_RECIPIENTS_PER_CHANNEL - 1 }, (_, i) => `old-${i}-${junk}@example.com`)].sort());
    const cut = warned.mock.calls.filter(([entry]) => JSON.stringify(entry).includes('recipients'));
    expect(cut).toHaveLength(1);
    expect(cut[0][0]).toMatchObject({ dropped: 300 - (MAX_RECIPIENTS_PER_CHANNEL - 1), channel: 'email' });
  });
});
