import { type AlertMessage, type AlertNotice, DLQ_HEADERS, Topics } from '@sentinel/contracts';
import { KafkaPublisherDriver, physicalTopic } from '@sentinel/messaging';
import { createRegistry } from '@sentinel/service-kit';
import { systemClock } from '@sentinel/rules';
import { isolatedDatabase, isolatedPrefix, PgProxy, pollUntil, readTopic, SmtpSink, testDataSource, testKafka, testKafkaSettings, TwilioEndpoint } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EmailSender, SendOutcome } from './channels/channel';
import { SmtpDriver } from './channels/smtp.driver';
import { TwilioSmsDriver } from './channels/twilio-sms.driver';
import { AlertLinksRepository, DataSourceTransactions, DeliveriesRepository, UnansweredAlertsRepository } from '@sentinel/persistence';
import { InFlightDeliveries } from './in-flight-deliveries';
import { loadNotifierConfig } from './notifier.config';
import { EscalationScheduler } from './escalation.scheduler';
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
  /** A notifier's sending side: each one made is another notifier process, with its own in-flight set. */
  let make: (
    overrides: Record<string, string>,
    parts?: { dataSource?: DataSource; smtp?: EmailSender },
  ) => { service: SendAlertService; config: ReturnType<typeof loadNotifierConfig>; inFlight: InFlightDeliveries };
  const renewing: InFlightDeliveries[] = [];

  interface DeliveryRow {
    status: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date;
  }
  const row = async (alert: AlertMessage, channel: 'email' | 'sms') =>
    (await db.query<DeliveryRow[]>(`SELECT status, attempts, last_error, next_attempt_at FROM delivery WHERE dedupe_key = $1 AND channel = $2`, [alert.caseId, channel]))[0];

  /** A case for a borrower with an email and a phone (on file since `onFileDays` ago, each), and a fraud alert for it. */
  async function anAlert(onFileDays: { email?: number; phone?: number } = {}): Promise<AlertMessage> {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const caseId = randomUUID();
    await db.query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'alert', 70, 1)`, [
      caseId,
      randomUUID()
        .slice(0, 8)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, 'X'),
      accountId,
    ]);
    for (const [kind, value] of [
      ['email', `${accountId}@example.com`],
      ['phone', '+8613800138000'],
    ] as const) {
      await db.query(`INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id) VALUES ($1, $2, $3, now() - make_interval(days => $5), $4)`, [
        accountId,
        kind,
        value,
        randomUUID(),
        onFileDays[kind] ?? 0,
      ]);
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

  /** A borrower notice (no case) for the same account as `alert`. */
  const aNotice = (alert: AlertMessage, notice: AlertNotice, explanation: string): AlertMessage => ({
    ...alert,
    alertId: randomUUID(),
    kind: 'notice',
    caseId: undefined,
    decision: 'notice',
    event: undefined,
    notice,
    hits: [{ ruleId: `notice.${notice.type.replace('.', '-')}`, severity: 'low', score: 0, explanation: { en: explanation, 'zh-CN': explanation } }],
  });

  const makeDue = () => db.query(`UPDATE delivery SET next_attempt_at = now() WHERE status IN ('retrying', 'held')`);

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = await testDataSource(database.url);
    sink = await new SmtpSink().start();
    twilio = await new TwilioEndpoint().start();
    smtp = new SmtpDriver(sink.url, 'Sentinel <alerts@sentinel.test>');
    publisher = new KafkaPublisherDriver(await testKafka(prefix), testKafkaSettings(prefix));
    make = (overrides, parts = {}) => {
      const config = loadNotifierConfig({
        SMTP_URL: sink.url,
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 'retry-test-auth-token',
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE_URL: twilio.url,
        NOTIFY_MAX_ATTEMPTS: '3',
        DEFAULT_LOCALE: 'en',
        ...overrides,
      });
      const dataSource = parts.dataSource ?? db;
      const deliveries = new DeliveriesRepository(dataSource);
      const inFlight = new InFlightDeliveries(config, deliveries);
      const built = new SendAlertService(
        config,
        parts.smtp ?? smtp,
        new TwilioSmsDriver(config.twilio!),
        new AlertLinksRepository(dataSource),
        publisher,
        deliveries,
        inFlight,
        createRegistry('test'),
        systemClock,
      );
      return { service: built, config, inFlight };
    };
    service = make({}).service;
  });

  afterEach(async () => {
    sink.rejectWith = undefined;
    sink.hang = false;
    sink.onAccept = undefined;
    twilio.failWith = undefined;
    await Promise.all(renewing.splice(0).map((inFlight) => inFlight.onApplicationShutdown()));
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
    expect(failed).toMatchObject({ status: 'retrying', attempts: 1, last_error: expect.stringContaining('451') as unknown });
    expect(failed.next_attempt_at.getTime()).toBeGreaterThan(Date.now());

    sink.rejectWith = undefined;
    await makeDue();
    await service.retryDue();
    expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`))).toHaveLength(1);
    const attempts = await db.query<{ attempt: number; status: string; has_id: boolean; error: string | null }[]>(
      `SELECT a.attempt, a.status, a.provider_message_id IS NOT NULL AS has_id, a.error FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
        WHERE d.dedupe_key = $1 AND d.channel = 'email' ORDER BY a.attempt`,
      [alert.caseId],
    );
    expect(attempts).toEqual([
      { attempt: 1, status: 'retrying', has_id: false, error: expect.stringContaining('451') as unknown },
      { attempt: 2, status: 'sent', has_id: true, error: null },
    ]);
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
    const [note] = await db.query<{ author: string; body: string }[]>(`SELECT author, body FROM case_note WHERE case_id = $1`, [alert.caseId]);
    expect(note.body).toMatch(/^Alert REF12345 not delivered: sms to \+86138\*\*\*\*8000 failed after 3 attempt\(s\): Twilio 503/);
    const dlq = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountAlertsDlq), 1);
    const dead = dlq.find((m) => (JSON.parse(m.value!.toString()) as AlertMessage).alertId === alert.alertId)!;
    expect(dead.headers?.[DLQ_HEADERS.code]?.toString()).toBe('DELIVERY_FAILED');
  });

  it('sends the first alert of a case at once; a hit joining the case later sends no second message', async () => {
    const first = await anAlert();
    const second: AlertMessage = {
      ...first,
      alertId: randomUUID(),
      decision: 'urgent',
      hits: [{ ruleId: 'loan.without-consent', severity: 'high', score: 60, explanation: { en: 'no consent for the loan', 'zh-CN': '无授权' } }],
    };
    const mails = () => sink.received.filter((m) => m.to.includes(`${first.accountId}@example.com`));
    await service.send(first);
    // Out before any retry pass: nothing holds the first message back for hits to come.
    expect(mails()).toHaveLength(1);
    expect(mails()[0].parsed.text).toContain('why');
    expect(await row(first, 'email')).toMatchObject({ status: 'sent', attempts: 1 });

    await service.send(second);
    await makeDue();
    await service.retryDue();
    // The case carries the later hit (and the borrower's answer covers it); the borrower is not written to twice.
    expect(mails()).toHaveLength(1);
    expect(await db.query(`SELECT channel, status FROM delivery WHERE case_id = $1 ORDER BY channel`, [first.caseId])).toEqual([
      { channel: 'email', status: 'sent' },
      { channel: 'sms', status: 'sent' },
    ]);
  });

  it('given a heads-up (a fraud message without a case) to a borrower with an email and a phone, when sent, then one message goes, by email; a step-up, with no contact on file for long, goes to both', async () => {
    const stepUp = await anAlert();
    const headsUp: AlertMessage = { ...stepUp, alertId: randomUUID(), caseId: undefined, decision: 'notice' };
    await service.send(headsUp);
    const channels = async (alert: AlertMessage) =>
      (await db.query<{ channel: string; status: string }[]>(`SELECT channel, status FROM delivery WHERE alert_id = $1 ORDER BY channel`, [alert.alertId])).map(
        (r) => `${r.channel}:${r.status}`,
      );
    expect(await channels(headsUp)).toEqual(['email:sent']);
    expect(sink.received.filter((m) => m.to.includes(`${stepUp.accountId}@example.com`))).toHaveLength(1);
    await service.send(stepUp);
    expect(await channels(stepUp)).toEqual(['email:sent', 'sms:sent']);
  });

  it('given a step-up and contacts on file for months, when sent, then its link goes to one trusted contact: the preferred one, else email before SMS', async () => {
    const channels = async (alert: AlertMessage) =>
      (await db.query<{ channel: string }[]>(`SELECT channel FROM delivery WHERE alert_id = $1 AND status = 'sent' ORDER BY channel`, [alert.alertId])).map((r) => r.channel);
    const noPreference = await anAlert({ email: 10, phone: 200 });
    await service.send(noPreference);
    expect(await channels(noPreference)).toEqual(['email']);

    const prefersSms = await anAlert({ email: 10, phone: 200 });
    await db.query(`INSERT INTO account_preference (account_id, channels, updated_at) VALUES ($1, '{sms}', now())`, [prefersSms.accountId]);
    await service.send(prefersSms);
    expect(await channels(prefersSms)).toEqual(['sms']);
    expect(sink.received.filter((m) => m.to.includes(`${prefersSms.accountId}@example.com`))).toHaveLength(0);

    // The email came on file a day before the flagged event: a takeover changes a contact first, so only the phone counts.
    const newEmail = await anAlert({ email: 1, phone: 200 });
    await db.query(`INSERT INTO account_preference (account_id, channels, updated_at) VALUES ($1, '{email}', now())`, [newEmail.accountId]);
    await service.send(newEmail);
    expect(await channels(newEmail)).toEqual(['sms']);

    // An urgent case is not a question: every channel hears of it.
    const urgent: AlertMessage = { ...(await anAlert({ email: 100, phone: 200 })), decision: 'urgent' };
    await service.send(urgent);
    expect(await channels(urgent)).toEqual(['email', 'sms']);
  });

  it("given a step-up whose alert says someone else reset the password through the mailbox, when sent, then its link goes by SMS; where the phone is not trusted either, the mailbox's link cannot close it", async () => {
    const channels = async (alert: AlertMessage) =>
      (await db.query<{ channel: string }[]>(`SELECT channel FROM delivery WHERE alert_id = $1 AND status = 'sent' ORDER BY channel`, [alert.alertId])).map((r) => r.channel);
    const since = async (alert: AlertMessage) =>
      (
        await db.query<{ recipient_channel: string; trusted: boolean }[]>(
          `SELECT recipient_channel, recipient_since IS NOT NULL AS trusted FROM answer_token WHERE alert_id = $1 ORDER BY recipient_channel`,
          [alert.alertId],
        )
      ).map((r) => `${r.recipient_channel}:${r.trusted ? 'since' : 'unknown'}`);
    const mailboxTaken: AlertMessage = { ...(await anAlert({ email: 800, phone: 800 })), kind: 'fraud', untrustedChannels: ['email'] } as AlertMessage;
    await db.query(`INSERT INTO account_preference (account_id, channels, updated_at) VALUES ($1, '{email}', now())`, [mailboxTaken.accountId]);
    await service.send(mailboxTaken);
    expect(await channels(mailboxTaken)).toEqual(['sms']);
    expect(sink.received.filter((m) => m.to.includes(`${mailboxTaken.accountId}@example.com`))).toHaveLength(0);

    // The number came on file a day before: no contact qualifies, so the step-up goes everywhere, and the mailbox's link is marked as from a contact of unknown standing.
    const newPhone = { ...(await anAlert({ email: 800, phone: 1 })), untrustedChannels: ['email'] } as AlertMessage;
    await service.send(newPhone);
    expect(await channels(newPhone)).toEqual(['email', 'sms']);
    expect(await since(newPhone)).toEqual(['email:unknown', 'sms:since']);
  });

  it('given a batch of alerts, two on one case, when sent together, then each case is told once on each channel and each send is recorded once', async () => {
    const alerts = [await anAlert(), await anAlert(), await anAlert()];
    const joining: AlertMessage = { ...alerts[0], alertId: randomUUID(), decision: 'urgent' };
    const failures = await service.sendAll([...alerts, joining].map((alert) => ({ alert })));
    expect(failures).toEqual([]);
    for (const alert of alerts) {
      expect(sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`))).toHaveLength(1);
      expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await row(alert, 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
    }
    const attempts = await db.query<{ case_id: string; n: number }[]>(
      `SELECT d.case_id, count(*)::int AS n FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
        WHERE d.case_id = ANY($1::uuid[]) AND a.status = 'sent' GROUP BY d.case_id`,
      [alerts.map((a) => a.caseId)],
    );
    expect(attempts).toHaveLength(3);
    expect(attempts.every((a: { n: number }) => a.n === 2)).toBe(true);
    // Each message carries its own working link.
    const links = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM answer_token WHERE case_id = ANY($1::uuid[]) AND used_at IS NULL`, [alerts.map((a) => a.caseId)]);
    expect(links).toEqual([{ n: 6 }]);
  });

  it('escalates an unanswered alert: a reminder after T, then the case is marked unreachable', async () => {
    // A threshold well past how long a pass takes on a loaded machine: with 1 s, the reminder a pass
    // had just sent could already look a threshold old to the same pass, which then escalated at once.
    const { service: quick, config } = make({ ESCALATE_AFTER_MS: '60000' });
    const escalation = new EscalationScheduler(config, new DataSourceTransactions(db), new UnansweredAlertsRepository(db), quick);
    const alert = await anAlert();
    await quick.send(alert);
    await db.query(`UPDATE delivery SET sent_at = now() - interval '61 seconds' WHERE case_id = $1`, [alert.caseId]);
    await escalation.runDue();
    const reminder = sink.received.find((m) => m.to.includes(`${alert.accountId}@example.com`) && m.parsed.subject?.includes('Reminder: Security alert'));
    expect(reminder).toBeDefined();
    expect(await db.query(`SELECT unreachable FROM fraud_case WHERE id = $1`, [alert.caseId])).toEqual([{ unreachable: false }]);

    await db.query(`UPDATE delivery SET sent_at = now() - interval '61 seconds', updated_at = now() - interval '61 seconds' WHERE case_id = $1`, [alert.caseId]);
    await escalation.runDue();
    const [found] = await db.query<{ priority: string; unreachable: boolean }[]>(`SELECT priority, unreachable FROM fraud_case WHERE id = $1`, [alert.caseId]);
    expect(found).toEqual({ priority: 'high', unreachable: true });
    const [note] = await db.query<{ body: string }[]>(`SELECT body FROM case_note WHERE case_id = $1`, [alert.caseId]);
    expect(note.body).toContain('Borrower unreachable');
    const [entry] = await db.query<{ actor: string; action: string }[]>(`SELECT actor, action FROM audit_log WHERE entity_id = $1`, [alert.caseId]);
    expect(entry).toEqual({ actor: 'system:notifier', action: 'case.escalate' });
  });

  it('keeps notices to the daily limit', async () => {
    const limited = make({ DAILY_MESSAGE_LIMIT: '1' }).service;
    const alert = await anAlert();
    const notice = (n: number) => aNotice(alert, { type: 'id.expiring', expiresOn: '2026-12-31', daysLeft: 30 - n }, `reminder ${n}`);
    await limited.send(notice(1));
    await limited.send(notice(2));
    const statuses = await db.query<{ channel: string; status: string; last_error: string | null }[]>(
      `SELECT channel, status, last_error FROM delivery WHERE account_id = $1 AND template = 'notice.id.expiring' ORDER BY id`,
      [alert.accountId],
    );
    // A message is one notice on every channel: the first goes out by email and SMS, the second is held back.
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['sent', 'sent', 'skipped', 'skipped']);
    expect(statuses[2].last_error).toBe('daily limit of 1 messages reached');
  });

  it('keeps notices to the daily limit within one batch', async () => {
    const limited = make({ DAILY_MESSAGE_LIMIT: '1' }).service;
    const alert = await anAlert();
    const notice = (n: number) => aNotice(alert, { type: 'id.expiring', expiresOn: '2026-12-31', daysLeft: 30 - n }, `reminder ${n}`);
    await limited.sendAll([{ alert: notice(1) }, { alert: notice(2) }]);
    const statuses = await db.query<{ channel: string; status: string; last_error: string | null }[]>(
      `SELECT channel, status, last_error FROM delivery WHERE account_id = $1 AND template = 'notice.id.expiring' ORDER BY id`,
      [alert.accountId],
    );
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['sent', 'sent', 'skipped', 'skipped']);
    expect(statuses[2].last_error).toBe('daily limit of 1 messages reached');
  });

  describe('notices and the borrower’s preferences', () => {
    const noticeFor = (alert: AlertMessage) => aNotice(alert, { type: 'card.invalidated', cardMasked: '**** 1234' }, '卡已失效');
    const prefer = (accountId: string, channels: string[] | null, quiet: [string, string] | null, locale = 'zh-CN') =>
      db.query(`INSERT INTO account_preference (account_id, locale, channels, quiet_start, quiet_end, updated_at) VALUES ($1, $2, $3, $4, $5, now())`, [
        accountId,
        locale,
        channels,
        quiet?.[0] ?? null,
        quiet?.[1] ?? null,
      ]);
    const deliveriesOf = async (accountId: string) =>
      db.query<{ channel: string; status: string }[]>(`SELECT channel, status FROM delivery WHERE account_id = $1 ORDER BY channel`, [accountId]);

    it("keeps to the borrower's channels and language", async () => {
      const alert = await anAlert();
      await prefer(alert.accountId, ['sms'], null);
      const before = twilio.requests.length;
      await service.send(noticeFor(alert));
      expect(await deliveriesOf(alert.accountId)).toEqual([{ channel: 'sms', status: 'sent' }]);
      expect(twilio.requests.slice(before)[0].form.Body).toContain('卡已失效');
    });

    it('holds a notice through quiet hours, but never a fraud alert', async () => {
      const alert = await anAlert();
      const local = (offsetMin: number) =>
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMin * 60_000));
      await prefer(alert.accountId, null, [local(-60), local(60)]);
      await service.send(noticeFor(alert));
      expect(await deliveriesOf(alert.accountId)).toEqual([
        { channel: 'email', status: 'held' },
        { channel: 'sms', status: 'held' },
      ]);
      await service.send(alert);
      const fraud = await db.query<{ status: string }[]>(`SELECT status FROM delivery WHERE dedupe_key = $1`, [alert.caseId]);
      expect(fraud.map((r: { status: string }) => r.status)).toEqual(['sent', 'sent']);
    });

    it('falls back to the other channel when the preferred one fails for good', async () => {
      const alert = await anAlert();
      await prefer(alert.accountId, ['email'], null, 'en');
      sink.rejectWith = 550;
      await service.send(noticeFor(alert));
      expect(await deliveriesOf(alert.accountId)).toEqual([
        { channel: 'email', status: 'failed' },
        { channel: 'sms', status: 'sent' },
      ]);
    });
  });

  it('records a send whose outcome Postgres could not take once it is back, and a redelivery meanwhile sends nothing again', async () => {
    const proxy = await new PgProxy({ host: new URL(database.url).hostname, port: Number(new URL(database.url).port || 5432) }).start();
    const cutOff = await testDataSource(proxy.proxied(database.url));
    try {
      const { service: notifier } = make({}, { dataSource: cutOff });
      const alert = await anAlert();
      const mailsTo = () => sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`)).length;
      // The mail is accepted and, before the notifier hears so, Postgres goes away for 2 s.
      sink.onAccept = () => {
        sink.onAccept = undefined;
        proxy.refuse(2000);
      };
      // A step of the send other than the record (the SMS's own claim, on a loaded machine) may meet
      // the outage and throw; the consumer then gets the batch again, as here.
      const handled = async () => {
        await notifier.send(alert);
        return true;
      };
      const first = pollUntil(handled, { what: 'the first delivery to be handled' });
      await pollUntil(() => proxy.refusedConnections > 0, { what: 'the notifier to find Postgres unreachable' });
      // The alert is delivered again meanwhile (the batch of another consumer, say), and retried until Postgres answers.
      const redelivered = pollUntil(handled, { what: 'the redelivered alert to be handled' });
      await Promise.all([first, redelivered]);
      expect(mailsTo()).toBe(1);
      expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await row(alert, 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await cutOff.destroy();
      await proxy.stop();
    }
  });

  it('given an SMTP driver that throws on the second email of a batch after the first was accepted, when the batch is retried, then each borrower gets one email and the rows say so', async () => {
    // A driver that throws (a bug in it or in nodemailer) instead of returning a failure: the
    // first email reaches the real SMTP server, the second throws once it has.
    let accepted: Promise<SendOutcome> | undefined;
    let calls = 0;
    const throwing: EmailSender = {
      send: (message) => {
        calls++;
        if (calls === 1) return (accepted = smtp.send(message));
        if (calls === 2) return accepted!.then(() => Promise.reject(new Error('driver fault after the first was accepted')));
        return smtp.send(message);
      },
    };
    const { service: notifier } = make({}, { smtp: throwing });
    const [first, second] = [await anAlert(), await anAlert()];
    const batch = [{ alert: first }, { alert: second }];
    const mailsTo = (alert: AlertMessage) => sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`)).length;

    // Whether the batch throws is not what this asserts, but what a retry does after it: the
    // consumer delivers the batch again, and the retry pass takes whatever is due.
    await notifier.sendAll(batch).catch(() => undefined);
    expect(calls).toBe(2);
    await notifier.sendAll(batch);
    await db.query(`UPDATE delivery SET next_attempt_at = now() WHERE account_id = ANY($1) AND status IN ('pending', 'retrying')`, [[first.accountId, second.accountId]]);
    while (await notifier.retryDue());

    expect(mailsTo(first)).toBe(1);
    expect(mailsTo(second)).toBe(1);
    expect(await row(first, 'email')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await row(second, 'email')).toMatchObject({ status: 'sent', attempts: 2 });
    for (const alert of [first, second]) expect(await row(alert, 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
    const attempts = await db.query<{ attempt: number; status: string; error: string | null }[]>(
      `SELECT a.attempt, a.status, a.error FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id WHERE d.dedupe_key = $1 AND d.channel = 'email' ORDER BY a.attempt`,
      [second.caseId],
    );
    expect(attempts).toEqual([
      { attempt: 1, status: 'retrying', error: expect.stringContaining('driver fault') as unknown },
      { attempt: 2, status: 'sent', error: null },
    ]);
  });

  it('takes over a message whose notifier died mid-send once its lease runs out, and sends it once', async () => {
    const { service: survivor } = make({});
    const alert = await anAlert();
    const recipient = { channel: 'email' as const, address: `${alert.accountId}@example.com`, previous: false, since: new Date() };
    // What a notifier killed mid-send leaves: the email claimed and leased for 3 s, never finished.
    const dead = await new DeliveriesRepository(db).claim({ alert, channel: 'email', template: 'fraud-alert', recipient }, 'masked', 3000);
    expect(dead.state).toBe('send');

    await survivor.send(alert);
    expect(await row(alert, 'email')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await row(alert, 'sms')).toMatchObject({ status: 'sent' });
    await survivor.retryDue();
    expect(sink.received.filter((m) => m.to.includes(recipient.address))).toHaveLength(0);

    await pollUntil(
      async () => {
        await survivor.retryDue();
        return (await row(alert, 'email')).status === 'sent';
      },
      { what: 'the retry pass to take the message over once its lease ran out', timeoutMs: 10_000 },
    );
    await survivor.send(alert);
    expect(sink.received.filter((m) => m.to.includes(recipient.address))).toHaveLength(1);
    expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('renews the lease of a send that outlasts it, so that another notifier leaves the message alone', async () => {
    const patient = new SmtpDriver(sink.url, 'Sentinel <alerts@sentinel.test>', { connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 6000 });
    try {
      const sending = make({ DELIVERY_LEASE_MS: '3000' }, { smtp: patient });
      const other = make({ DELIVERY_LEASE_MS: '3000' });
      renewing.push(sending.inFlight);
      sending.inFlight.onApplicationBootstrap();
      const alert = await anAlert();
      sink.hang = true;
      const hungBefore = sink.hung;
      const send = sending.service.send(alert);
      await pollUntil(() => sink.hung > hungBefore, { what: 'the mail to be on the wire, unanswered' });
      const leasedUntil = (await row(alert, 'email')).next_attempt_at.getTime();
      // Past the first lease: renewed, the message is not due, and the other notifier takes nothing.
      await pollUntil(async () => Date.now() > leasedUntil + 500 && (await row(alert, 'email')).next_attempt_at.getTime() > leasedUntil, {
        what: 'the lease to be renewed past its first end',
        timeoutMs: 10_000,
      });
      await other.service.retryDue();
      expect(sink.hung).toBe(hungBefore + 1);
      expect(await row(alert, 'email')).toMatchObject({ status: 'pending', attempts: 0 });

      // The hung send times out: a transient failure, retried once the server answers again.
      await send;
      expect(await row(alert, 'email')).toMatchObject({ status: 'retrying', attempts: 1 });
      sink.hang = false;
      await makeDue();
      await other.service.retryDue();
      expect(sink.received.filter((m) => m.to.includes(`${alert.accountId}@example.com`))).toHaveLength(1);
      expect(await row(alert, 'email')).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      patient.close();
    }
  });

  it('does not retry a permanent failure', async () => {
    const alert = await anAlert();
    sink.rejectWith = 550;
    await service.send(alert);
    expect(await row(alert, 'email')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await db.query(`SELECT 1 FROM case_note WHERE case_id = $1`, [alert.caseId])).toHaveLength(1);
  });
});
