import { type AlertMessage, DLQ_HEADERS, Topics } from '@sentinel/contracts';
import { type IncomingBatch, KafkaPublisherDriver, physicalTopic } from '@sentinel/messaging';
import { createRegistry } from '@sentinel/service-kit';
import { systemClock } from '@sentinel/rules';
import { isolatedDatabase, isolatedPrefix, readTopic, SmtpSink, testDataSource, testKafka, testKafkaSettings, TwilioEndpoint } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AlertsConsumer } from './alerts.consumer';
import { SmtpDriver } from './channels/smtp.driver';
import { TwilioSmsDriver } from './channels/twilio-sms.driver';
import { AlertLinksRepository, DeliveriesRepository } from '@sentinel/persistence';
import { InFlightDeliveries } from './in-flight-deliveries';
import { loadNotifierConfig } from './notifier.config';
import { SendAlertService } from './send-alert.service';

describe('AlertsConsumer: one alert that cannot be processed does not hold back the others', () => {
  const prefix = isolatedPrefix();
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: DataSource;
  /** The owner's connection, which alone may install the triggers that inject faults. */
  let owner: DataSource;
  let sink: SmtpSink;
  let twilio: TwilioEndpoint;
  let publisher: KafkaPublisherDriver;
  let inFlight: InFlightDeliveries;
  let consumer: AlertsConsumer;

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

  async function anAlert(): Promise<AlertMessage> {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const caseId = randomUUID();
    await db.query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'alert', 70, 1)`, [
      caseId,
      randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase(),
      accountId,
    ]);
    await db.query(`INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id) VALUES ($1, 'email', $2, now(), $3)`, [
      accountId,
      `${accountId}@example.com`,
      randomUUID(),
    ]);
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

  /** Postgres refuses the deliveries of one account with the given SQLSTATE while `run` lasts. */
  async function refuseDeliveries(accountId: string, sqlstate: string, run: () => Promise<void>): Promise<void> {
    const fn = `refuse_${randomUUID().slice(0, 8)}`;
    await owner.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.account_id = '${accountId}' THEN RAISE EXCEPTION 'value too long for type character varying(64)' USING ERRCODE = '${sqlstate}'; END IF;
         RETURN NEW; END $$`,
    );
    await owner.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON delivery FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await run();
    } finally {
      await owner.query(`DROP TRIGGER ${fn} ON delivery`);
      await owner.query(`DROP FUNCTION ${fn}()`);
    }
  }

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = await testDataSource(database.url);
    owner = await testDataSource(database.ownerUrl);
    sink = await new SmtpSink().start();
    twilio = await new TwilioEndpoint().start();
    publisher = new KafkaPublisherDriver(await testKafka(prefix), testKafkaSettings(prefix));
    const config = loadNotifierConfig({
      SMTP_URL: sink.url,
      TWILIO_ACCOUNT_SID: `AC${'cd'.repeat(16)}`,
      TWILIO_AUTH_TOKEN: 'consumer-test-auth-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      DEFAULT_LOCALE: 'en',
    });
    const deliveries = new DeliveriesRepository(db);
    inFlight = new InFlightDeliveries(config, deliveries);
    const registry = createRegistry('test');
    const service = new SendAlertService(
      config,
      new SmtpDriver(sink.url, 'Sentinel <alerts@sentinel.test>'),
      new TwilioSmsDriver(config.twilio!),
      new AlertLinksRepository(db),
      publisher,
      deliveries,
      inFlight,
      registry,
      systemClock,
    );
    consumer = new AlertsConsumer(service, publisher, db);
  });

  afterAll(async () => {
    await inFlight.onApplicationShutdown();
    await publisher.disconnect();
    await sink.stop();
    await twilio.stop();
    await db.destroy();
    await owner.destroy();
    await database.drop();
  });

  it('given an alert Postgres refuses as data, when its batch is handled, then it is dead-lettered as UNPROCESSABLE and the next alert is sent', async () => {
    const [poison, good] = [await anAlert(), await anAlert()];
    // Before: the batch failed on every delivery, and every alert behind it waited for ever.
    await refuseDeliveries(poison.accountId, '22001', () => consumer.handle(batchOf([poison, good])));

    const [letter] = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountAlertsDlq), 1);
    expect(JSON.parse(letter.value!.toString())).toMatchObject({ alertId: poison.alertId });
    expect(letter.headers?.[DLQ_HEADERS.code]?.toString()).toBe('UNPROCESSABLE');
    expect(letter.headers?.[DLQ_HEADERS.reason]?.toString()).toBe('UNPROCESSABLE: value too long for type character varying(64) (SQLSTATE 22001)');
    expect(sink.received.flatMap((m) => m.to)).toEqual([`${good.accountId}@example.com`]);
  });

  it('given Postgres failing for a reason a retry may cure, when its batch is handled, then the batch fails and comes again', async () => {
    const alert = await anAlert();
    await refuseDeliveries(alert.accountId, '40001', async () => {
      await expect(consumer.handle(batchOf([alert]))).rejects.toThrow(/value too long/);
    });
    await consumer.handle(batchOf([alert]));
    expect(sink.received.flatMap((m) => m.to)).toContain(`${alert.accountId}@example.com`);
  });
});
