import { type AccountEvent, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import {
  DedicatedBroker,
  isolatedPrefix,
  onboarded,
  partnerLoan,
  PgProxy,
  PipelineHarness,
  pollUntil,
  relativeTo,
  SmtpSink,
  takeover,
  testEnv,
  TwilioEndpoint,
} from '@sentinel/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomInt, randomUUID } from 'node:crypto';
import type { ServiceProcess } from '../scripts/lib/service-process';

const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;

// `npm run test:faults` runs the full profile; the test tier runs the short one on every CI run.
const FULL = process.env.FAULT_PROFILE === 'full';
const PROFILE = FULL
  ? { accounts: 3000, slices: 150, detectorKills: 10, outageMs: 30_000, providerOutageMs: 60_000 }
  : { accounts: 400, slices: 60, detectorKills: 3, outageMs: 8_000, providerOutageMs: 10_000 };

type Story = 'takeover' | 'loan' | 'benign';
const EXPECTED_RULES: Record<Exclude<Story, 'benign'>, string[]> = {
  takeover: ['unbind.after-takeover-signal', 'unbind.unknown-device'],
  loan: ['loan.partner-unknown-device', 'loan.without-consent'],
};

/**
 * Faults, injected while a labelled event set streams through two detectors and a notifier: the
 * detectors SIGKILLed again and again (mid-batch included), the notifier SIGKILLed mid-send, the
 * Kafka broker restarted, Postgres cut off, SMTP and Twilio failing. Afterwards every event has
 * been processed once in effect, every expected case exists once, every alert went out once per
 * recipient, and the committed offsets are at the end of the log.
 */
describe(`faults (${FULL ? 'full' : 'short'} profile)`, () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const broker = new DedicatedBroker(`faults-${randomUUID().slice(0, 6)}`);
  let proxy: PgProxy;
  let sink: SmtpSink;
  let twilio: TwilioEndpoint;
  let harness: PipelineHarness;
  let detectors: ServiceProcess[];
  let producer: Producer;
  const log: string[] = [];
  const note = (line: string) => log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);

  const stories = Array.from({ length: PROFILE.accounts }, (_, i): { accountId: string; story: Story } => ({
    accountId: `fault-${i}-${randomUUID().slice(0, 6)}`,
    story: i % 10 === 3 ? 'takeover' : i % 20 === 7 ? 'loan' : 'benign',
  }));
  const events: AccountEvent[] = stories.flatMap(({ accountId, story }) => [
    ...onboarded(accountId, at),
    // Each takeover from a laptop of its own: one laptop on many accounts would be a ring as well.
    ...(story === 'takeover' ? takeover(accountId, at, 0, `laptop-${accountId}`) : story === 'loan' ? [partnerLoan(accountId, `merchant-${accountId.slice(-2)}`, at)] : []),
  ]);

  beforeAll(async () => {
    await broker.start();
    proxy = await new PgProxy({ host: new URL(testEnv().databaseUrl).hostname, port: Number(new URL(testEnv().databaseUrl).port || 5432) }).start();
    sink = await new SmtpSink().start();
    twilio = await new TwilioEndpoint().start();
    harness = await new PipelineHarness(
      ['detector', 'notifier'],
      (_urls, databaseUrl) => ({
        KAFKA_BROKERS: broker.brokers,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        DATABASE_URL: proxy.proxied(databaseUrl),
        SMTP_URL: sink.url,
        TWILIO_ACCOUNT_SID: TWILIO_SID,
        TWILIO_AUTH_TOKEN: 'fault-twilio-auth-token',
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE_URL: twilio.url,
        DEFAULT_LOCALE: 'en',
        LATENESS_MS: '1000',
        DEFERRED_POLL_MS: '200',
        OUTBOX_POLL_MS: '200',
        RETRY_BASE_MS: '300',
        RETRY_MAX_MS: '3000',
        RETRY_POLL_MS: '200',
        DELIVERY_LEASE_MS: '10000',
        NOTIFY_MAX_ATTEMPTS: '20',
        DAILY_MESSAGE_LIMIT: '50',
      }),
      'faults-logs',
    ).start();
    detectors = [harness.services.detector, await harness.another('detector', 'second-detector')];
    producer = new Kafka({ brokers: [broker.brokers], clientId: 'fault-producer', logLevel: logLevel.NOTHING, retry: { retries: 3 } }).producer({ idempotent: false });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await detectors?.[1]?.stop();
    if (sink) sink.hang = false;
    await harness?.stop();
    await Promise.all([sink?.stop(), twilio?.stop(), proxy?.stop()]);
    await broker.dispose();
    process.stdout.write(`fault log:\n  ${log.join('\n  ')}\n`);
    // Services drain on SIGTERM (up to 15 s each) and the broker shuts down cleanly: more than the default hook time.
  }, 180_000);

  /** Sends until the broker takes it: the platform's producer retries across a broker restart. */
  const send = async (batch: AccountEvent[]) => {
    const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send({ topic, messages: batch.map((e) => ({ key: e.accountId, value: JSON.stringify(e) })) });
        return attempt;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const killDetector = async (round: number) => {
    const victim = detectors[round % 2];
    victim.kill();
    await victim.stop();
    note(`SIGKILL detector #${(round % 2) + 1}`);
    await new Promise((resolve) => setTimeout(resolve, randomInt(200, 1500)));
    victim.start();
    await victim.waitReady(90_000);
    note(`detector #${(round % 2) + 1} back`);
  };

  const killNotifierMidSend = async () => {
    sink.hang = true;
    twilio.hang = true;
    const before = sink.hung;
    await pollUntil(() => sink.hung > before, { timeoutMs: 60_000, what: 'the notifier to be mid-send' });
    // The kill must fall before acceptance, for every send in flight: the notifier handles several
    // alerts at once, and a message a provider accepted an instant before the hang and the notifier
    // has not yet recorded would be sent again after the restart, the at-least-once window no
    // SMTP or Twilio idempotency key can close (see the README). So: providers hang, and the kill
    // waits until everything they accepted is recorded.
    await pollUntil(
      async () => {
        const [{ sent }] = await harness.db.query<{ sent: number }[]>(`SELECT count(*)::int AS sent FROM delivery_attempt WHERE status = 'sent'`);
        return sent >= sink.received.length + twilio.accepted.length;
      },
      { timeoutMs: 60_000, what: 'every accepted message recorded before the kill' },
    );
    harness.services.notifier.kill();
    await harness.services.notifier.stop();
    note('SIGKILL notifier mid-send (messages on the wire, none accepted and unrecorded)');
    sink.hang = false;
    twilio.hang = false;
    harness.services.notifier.start();
    await harness.services.notifier.waitReady(90_000);
    note('notifier back');
  };

  it(
    'loses nothing and doubles nothing',
    async () => {
      // Keep each account's events in order: a slice carries whole accounts, in story order.
      const byAccount = new Map<string, AccountEvent[]>();
      for (const event of events) byAccount.set(event.accountId, [...(byAccount.get(event.accountId) ?? []), event]);
      const accountSlices = Array.from({ length: PROFILE.slices }, (_, i) => [...byAccount.values()].filter((_, j) => j % PROFILE.slices === i).flat());
      expect(accountSlices.flat()).toHaveLength(events.length);

      let producing = true;
      let chaosRunning = true;
      let sends = 0;
      let redelivered = 0;
      const production = (async () => {
        for (const slice of accountSlices) {
          sends += await send(slice);
          // Part of a slice again, as a producer retrying after a lost acknowledgement would send it.
          if (randomInt(4) === 0) {
            redelivered += Math.min(20, slice.length);
            sends += await send(slice.slice(0, 20));
          }
          // Spread over the faults while they last; the rest at once.
          if (chaosRunning) await new Promise((resolve) => setTimeout(resolve, 1200));
        }
        producing = false;
      })();

      const chaos = (async () => {
        let round = 0;
        await killDetector(round++);
        await killNotifierMidSend();
        await killDetector(round++);
        note('restarting the Kafka broker');
        await broker.restart();
        note('Kafka broker back');
        await killDetector(round++);
        note(`Postgres refuses connections for ${PROFILE.outageMs} ms`);
        proxy.refuse(PROFILE.outageMs);
        await new Promise((resolve) => setTimeout(resolve, PROFILE.outageMs));
        note('Postgres reachable again');
        note(`SMTP answers 451 and Twilio 503, then both hang, for ${PROFILE.providerOutageMs} ms`);
        sink.rejectWith = 451;
        twilio.failWith = { status: 503, code: 20503, message: 'Service Unavailable' };
        await new Promise((resolve) => setTimeout(resolve, PROFILE.providerOutageMs / 2));
        sink.rejectWith = undefined;
        twilio.failWith = undefined;
        sink.hang = true;
        twilio.hang = true;
        await new Promise((resolve) => setTimeout(resolve, PROFILE.providerOutageMs / 2));
        sink.hang = false;
        twilio.hang = false;
        note('SMTP and Twilio healthy again');
        while (round < PROFILE.detectorKills) await killDetector(round++);
        chaosRunning = false;
      })();

      await Promise.all([production, chaos]);
      expect(producing).toBe(false);

      // Recovery: every event recorded, every expected case there, every delivery settled.
      const expectedEventIds = new Set(events.map((e) => e.id));
      await pollUntil(async () => (await harness.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM account_event`))[0].n === expectedEventIds.size, {
        timeoutMs: 180_000,
        what: 'every event to be recorded',
      });
      const suspicious = stories.filter((s) => s.story !== 'benign');
      let progress = {};
      await pollUntil(
        async () => {
          // Takeovers are urgent cases; partner loans without consent are step-ups (cases too, the disbursement held).
          const [row] = await harness.db.query<{ cases: number; unpublished: number; unalerted: number; deliveries: Record<string, number> | null }[]>(
            `SELECT (SELECT count(*)::int FROM fraud_case) AS cases,
                  (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS unpublished,
                  (SELECT count(*)::int FROM fraud_case c
                    WHERE NOT EXISTS (SELECT 1 FROM delivery d WHERE d.case_id = c.id AND d.channel = 'email')
                       OR NOT EXISTS (SELECT 1 FROM delivery d WHERE d.case_id = c.id AND d.channel = 'sms')) AS unalerted,
                  (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM delivery GROUP BY status) d) AS deliveries`,
          );
          progress = row;
          // Settled: every case has its deliveries, and none is still pending, held or retrying.
          return (
            row.cases >= suspicious.length &&
            row.unpublished === 0 &&
            row.unalerted === 0 &&
            Object.keys(row.deliveries ?? {}).every((status) => status === 'sent' || status === 'skipped' || status === 'dead')
          );
        },
        { timeoutMs: 180_000, intervalMs: 500, what: 'every case to be opened and every alert sent' },
      ).catch((error: Error) => {
        // CI keeps only what jest prints: the services' last errors say where it stuck.
        const lastErrors = Object.values(harness.services)
          .concat(detectors[1])
          .map(
            (s) =>
              `${s.name}:\n${s
                .tail(400)
                .split('\n')
                .filter((line) => /"level":(50|40)/.test(line))
                .slice(-8)
                .map((line) => line.slice(0, 400))
                .join('\n')}`,
          );
        throw new Error(`${error.message}; last seen ${JSON.stringify(progress)}\n${lastErrors.join('\n')}`);
      });

      // Events: each exactly once.
      const recorded: { id: string }[] = await harness.db.query(`SELECT id FROM account_event`);
      const missingEvents = [...expectedEventIds].filter((id) => !recorded.some((r) => r.id === id));
      // Cases: one per suspicious account, with its rules; none for benign accounts; no rule hit twice.
      const cases: { account_id: string; reference_code: string; rules: string[]; alerts_in_outbox: number }[] = await harness.db.query(
        `SELECT c.account_id, c.reference_code, array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) AS rules,
              (SELECT count(*)::int FROM outbox o WHERE o.payload->>'caseId' = c.id::text AND o.topic = 'account.alerts') AS alerts_in_outbox
         FROM fraud_case c JOIN rule_hit h ON h.case_id = c.id GROUP BY c.id`,
      );
      const caseCount = new Map<string, number>();
      for (const c of cases) caseCount.set(c.account_id, (caseCount.get(c.account_id) ?? 0) + 1);
      const missingCases = suspicious.filter((s) => !caseCount.has(s.accountId)).map((s) => s.accountId);
      const duplicatedCases = [...caseCount].filter(([, n]) => n > 1).map(([id]) => id);
      const unexpectedCases = stories.filter((s) => s.story === 'benign' && caseCount.has(s.accountId)).map((s) => s.accountId);
      const wrongRules = cases.filter((c) => {
        const story = stories.find((s) => s.accountId === c.account_id)!.story;
        return story !== 'benign' && JSON.stringify(c.rules) !== JSON.stringify(EXPECTED_RULES[story]);
      });
      const [{ doubled_hits }] = await harness.db.query<{ doubled_hits: number }[]>(
        `SELECT count(*)::int AS doubled_hits FROM (SELECT 1 FROM rule_hit GROUP BY case_id, event_id, rule_id HAVING count(*) > 1) d`,
      );
      // Alerts: every delivery the notifier recorded went out exactly once, and each case got mail and SMS.
      const deliveries: { reference_code: string; channel: string; recipient_masked: string; status: string }[] = await harness.db.query(
        `SELECT c.reference_code, d.channel, d.recipient_masked, d.status FROM delivery d JOIN fraud_case c ON c.id = d.case_id WHERE d.template = 'fraud-alert'`,
      );
      const mailsFor = (ref: string) => sink.received.filter((m) => m.parsed.subject?.includes(`(ref ${ref})`)).length;
      const smsFor = (ref: string) => twilio.accepted.filter((m) => m.Body?.includes(ref)).length;
      const perCase = cases.map((c) => ({
        ref: c.reference_code,
        story: stories.find((s) => s.accountId === c.account_id)!.story,
        alertsInOutbox: c.alerts_in_outbox,
        notSent: deliveries.filter((d) => d.reference_code === c.reference_code && d.status !== 'sent').length,
        emailRows: deliveries.filter((d) => d.reference_code === c.reference_code && d.channel === 'email').length,
        smsRows: deliveries.filter((d) => d.reference_code === c.reference_code && d.channel === 'sms').length,
        mails: mailsFor(c.reference_code),
        sms: smsFor(c.reference_code),
      }));
      const lostAlerts = perCase.filter((c) => c.notSent > 0 || c.emailRows === 0 || c.smsRows === 0 || c.mails < c.emailRows || c.sms < c.smsRows);
      const doubledAlerts = perCase.filter((c) => c.mails > c.emailRows || c.sms > c.smsRows);
      // Offsets: the detectors' group has committed exactly to the end of the log, nothing short of or past it.
      const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = await pollUntil(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId: `${prefix}sentinel-detector`, topics: [topic] });
          return offsets.partitions.every((p) => p.offset === ends.find((e) => e.partition === p.partition)!.high) ? offsets.partitions : undefined;
        },
        { what: 'the committed offsets to reach the end of the log' },
      );
      const alertsOnTopic = (await admin.fetchTopicOffsets(physicalTopic({ topicPrefix: prefix }, Topics.accountAlerts))).reduce((n, p) => n + Number(p.high), 0);
      const [{ alerts_in_outbox }] = await harness.db.query<{ alerts_in_outbox: number }[]>(`SELECT count(*)::int AS alerts_in_outbox FROM outbox WHERE topic = 'account.alerts'`);
      await admin.disconnect();

      // States: each account's snapshot (the empty state before its first) plus the events recorded
      // after it must fold every recorded event exactly once: a kill between events and their
      // snapshot, or a fork, would break this.
      const states: { account_id: string; folded: number; recorded: number }[] = await harness.db.query(
        `SELECT e.account_id,
              COALESCE((s.state::jsonb ->> 'eventCount')::int, 0) + count(e.id) FILTER (WHERE e.account_seq > COALESCE(s.snapshot_seq, 0)) AS folded,
              count(e.id)::int AS recorded
         FROM account_event e LEFT JOIN account_state s USING (account_id)
        GROUP BY e.account_id, s.state, s.snapshot_seq`,
      );
      const unevenStates = states.filter((r) => Number(r.folded) !== r.recorded);

      const report = {
        states: { accounts: states.length, uneven: unevenStates.length },
        events: { produced: events.length, sentAgain: redelivered, producerSendCalls: sends, recorded: recorded.length, missing: missingEvents.length },
        cases: {
          expected: suspicious.length,
          found: cases.length,
          missing: missingCases.length,
          duplicated: duplicatedCases.length,
          unexpected: unexpectedCases.length,
          wrongRules: wrongRules.length,
          doubledHits: doubled_hits,
        },
        alerts: {
          deliveries: deliveries.length,
          mailsAccepted: perCase.reduce((n, c) => n + c.mails, 0),
          smsAccepted: perCase.reduce((n, c) => n + c.sms, 0),
          lost: lostAlerts.length,
          duplicated: doubledAlerts.length,
          twilioRequests: twilio.requests.length,
          inOutbox: alerts_in_outbox,
          onTopic: alertsOnTopic,
        },
        faults: { detectorKills: PROFILE.detectorKills, notifierKills: 1, brokerRestarts: 1, postgresRefusedConnections: proxy.refusedConnections },
        offsets: committed.map((p) => `${p.partition}:${p.offset}`).join(' '),
      };
      process.stdout.write(`fault suite report:\n${JSON.stringify(report, null, 2)}\n`);

      expect(missingEvents).toEqual([]);
      expect(recorded).toHaveLength(expectedEventIds.size);
      expect({ missingCases, duplicatedCases, unexpectedCases, wrongRules, doubledHits: doubled_hits }).toEqual({
        missingCases: [],
        duplicatedCases: [],
        unexpectedCases: [],
        wrongRules: [],
        doubledHits: 0,
      });
      expect({ lostAlerts, doubledAlerts }).toEqual({ lostAlerts: [], doubledAlerts: [] });
      expect(states.length).toBeGreaterThan(0);
      expect(unevenStates).toEqual([]);
    },
    FULL ? 1_200_000 : 420_000,
  );
});
