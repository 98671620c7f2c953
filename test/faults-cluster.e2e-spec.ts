import { type AccountEvent, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import {
  DedicatedCluster,
  isolatedPrefix,
  onboarded,
  partnerLoan,
  PipelineHarness,
  pollUntil,
  PostgresPair,
  relativeTo,
  SmtpSink,
  takeover,
  TwilioEndpoint,
} from '@sentinel/testing';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { randomInt, randomUUID } from 'node:crypto';
import type { ServiceProcess } from '../scripts/lib/service-process';

const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const API_KEY = 'cluster-faults-ingest-key-0123456789';

// FAULT_PROFILE=cluster only (see jest.config.js): three Kafka nodes and two Postgres servers on
// two cores take minutes to start and run.
const PROFILE = { accounts: 1500, slices: 300, paceMs: 1500, leaderDownMs: 10_000, pauseMs: 15_000, promoteAfterMs: 2_000, detectorKills: 6 };
// The services' group session: a paused broker stays silent longer than this, and longer than the
// brokers' own session with the controller (broker.session.timeout.ms, 9 s by default).
const SESSION_TIMEOUT_MS = 6_000;

type Story = 'takeover' | 'loan' | 'benign';
const EXPECTED_RULES: Record<Exclude<Story, 'benign'>, string[]> = {
  takeover: ['unbind.after-takeover-signal', 'unbind.unknown-device'],
  loan: ['loan.partner-unknown-device', 'loan.without-consent'],
};

interface Fault {
  name: string;
  at: number;
  /** When the fault was over from the outside: the node back, resumed, the standby promoted. */
  endedAt: number;
}

/**
 * Production's topology under faults: a three-node Kafka cluster (replication factor 3,
 * min.insync.replicas=2) and a Postgres primary with a synchronous standby, under steady load
 * through the gateway and straight onto the topic, with two detectors and two notifiers in their
 * groups. The partition leader of the busiest partition is SIGKILLed and comes back, the active
 * controller is SIGKILLed, a broker is paused past every session timeout, the Postgres primary is
 * SIGKILLed mid-batch and the standby promoted, and detectors and a notifier are killed between.
 * Afterwards, as in the full fault profile: every acknowledged event recorded once, every expected
 * case once, every alert delivered once per channel, offsets at the log end, no partition stalled.
 */
describe('faults (cluster profile: three Kafka brokers, a Postgres standby)', () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const cluster = new DedicatedCluster(`faults-cluster-${randomUUID().slice(0, 6)}`);
  const pair = new PostgresPair();
  let sink: SmtpSink;
  let twilio: TwilioEndpoint;
  let harness: PipelineHarness;
  let detectors: ServiceProcess[] = [];
  let notifiers: ServiceProcess[] = [];
  let producer: Producer;
  let admin: Admin;
  const log: string[] = [];
  const note = (line: string) => log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);

  const stories = Array.from({ length: PROFILE.accounts }, (_, i): { accountId: string; story: Story } => ({
    accountId: `cluster-${i}-${randomUUID().slice(0, 6)}`,
    story: i % 10 === 3 ? 'takeover' : i % 20 === 7 ? 'loan' : 'benign',
  }));
  const events: AccountEvent[] = stories.flatMap(({ accountId, story }) => [
    ...onboarded(accountId, at),
    ...(story === 'takeover' ? takeover(accountId, at, 0, `laptop-${accountId}`) : story === 'loan' ? [partnerLoan(accountId, `merchant-${accountId.slice(-2)}`, at)] : []),
  ]);

  beforeAll(async () => {
    await Promise.all([cluster.start(), pair.start()]);
    note(`Kafka ${cluster.brokers}; Postgres primary :${pair.primary.port}, standby :${pair.standby.port}`);
    sink = await new SmtpSink().start();
    twilio = await new TwilioEndpoint().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier'],
      (_urls, databaseUrl) => ({
        KAFKA_BROKERS: cluster.brokers,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_PARTITIONS: '6',
        KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
        DATABASE_URL: databaseUrl,
        INGEST_API_KEYS: `cluster:${API_KEY}`,
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
      'faults-cluster-logs',
      // Each service finds the primary among the two; the suite's own queries do too.
      pair.url('sentinel_cluster_test'),
    ).start();
    detectors = [harness.services.detector, await harness.another('detector', 'second-detector')];
    notifiers = [harness.services.notifier, await harness.another('notifier', 'second-notifier')];
    const kafka = new Kafka({ brokers: cluster.brokers.split(','), clientId: 'cluster-fault-producer', logLevel: logLevel.NOTHING });
    producer = kafka.producer({ idempotent: false, maxInFlightRequests: 1 });
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
  }, 420_000);

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    await Promise.all([detectors[1]?.stop(), notifiers[1]?.stop()]);
    if (sink) sink.hang = false;
    await harness?.stop().catch((error: Error) => note(`harness stop: ${error.message}`));
    await Promise.all([sink?.stop(), twilio?.stop()]);
    await Promise.all([cluster.dispose(), pair.dispose()]);
    process.stdout.write(`fault log:\n  ${log.join('\n  ')}\n`);
  }, 240_000);

  // When each event was first offered, and every gateway request's outcome.
  const firstSent = new Map<string, number>();
  const requests: { at: number; ok: boolean }[] = [];
  const offered = (batch: AccountEvent[]) => {
    const now = Date.now();
    for (const e of batch) if (!firstSent.has(e.id)) firstSent.set(e.id, now);
  };

  /** Straight onto the topic, acks from all in-sync replicas, until the cluster takes it. */
  const produce = async (batch: AccountEvent[]) => {
    offered(batch);
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send({ topic, acks: -1, messages: batch.map((e) => ({ key: e.accountId, value: JSON.stringify(e) })) });
        return attempt;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  /** Through the gateway, as the platform sends: again on anything but 202, with the same ids. */
  const ingest = async (batch: AccountEvent[]) => {
    offered(batch);
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const ok = await fetch(`${harness.url('gateway')}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify(batch),
        signal: AbortSignal.timeout(45_000),
      }).then(
        (response) => response.status === 202,
        () => false,
      );
      requests.push({ at: started, ok });
      if (ok) return attempt;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  const faults: Fault[] = [];
  const fault = async (name: string, inject: () => void | Promise<void>, recover: () => Promise<void>) => {
    const started = Date.now();
    await inject();
    note(name);
    await recover();
    faults.push({ name, at: started, endedAt: Date.now() });
    note(`${name}: over`);
  };

  const killDetector = (round: number) =>
    fault(
      `SIGKILL detector #${(round % 2) + 1}`,
      async () => {
        detectors[round % 2].kill();
        await detectors[round % 2].stop();
      },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, randomInt(200, 1500)));
        detectors[round % 2].start();
        await detectors[round % 2].waitReady(120_000);
      },
    );

  const killNotifierMidSend = async () => {
    sink.hang = true;
    twilio.hang = true;
    const before = sink.hung;
    await pollUntil(() => sink.hung > before, { timeoutMs: 60_000, what: 'a notifier to be mid-send' });
    // As in the full profile: the kill falls before acceptance, for every send in flight.
    await pollUntil(
      async () => {
        const [{ sent }] = await harness.db.query<{ sent: number }[]>(`SELECT count(*)::int AS sent FROM delivery_attempt WHERE status = 'sent'`);
        return sent >= sink.received.length + twilio.accepted.length;
      },
      { timeoutMs: 60_000, what: 'every accepted message recorded before the kill' },
    );
    const victim = notifiers[randomInt(2)];
    await fault(
      'SIGKILL a notifier mid-send',
      async () => {
        victim.kill();
        await victim.stop();
        sink.hang = false;
        twilio.hang = false;
      },
      async () => {
        victim.start();
        await victim.waitReady(120_000);
      },
    );
  };

  /** The partition of the events topic with the most records, and the node that leads it. */
  const busiestLeader = async () => {
    const offsets = await admin.fetchTopicOffsets(topic);
    const busiest = offsets.reduce((a, b) => (Number(b.high) > Number(a.high) ? b : a));
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = metadata.topics[0].partitions.find((p) => p.partitionId === busiest.partition)!.leader;
    return { partition: busiest.partition, records: Number(busiest.high), leader };
  };

  const recordedCount = async () => (await harness.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM account_event`))[0].n;

  it('loses nothing and doubles nothing', async () => {
    // Replicated as production's: three replicas of every partition, two in sync for a write.
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const configs = await admin.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }], includeSynonyms: false });
    expect(metadata.topics[0].partitions.map((p) => p.replicas.length)).toEqual(Array(6).fill(3));
    expect(configs.resources[0].configEntries[0].configValue).toBe('2');

    const byAccount = new Map<string, AccountEvent[]>();
    for (const event of events) byAccount.set(event.accountId, [...(byAccount.get(event.accountId) ?? []), event]);
    const accountSlices = Array.from({ length: PROFILE.slices }, (_, i) => [...byAccount.values()].filter((_, j) => j % PROFILE.slices === i).flat());
    expect(accountSlices.flat()).toHaveLength(events.length);

    let chaosRunning = true;
    let attempts = 0;
    let redelivered = 0;
    // Two producers side by side: the platform through the gateway, another service straight onto the topic.
    const lane = async (slices: AccountEvent[][], send: (batch: AccountEvent[]) => Promise<number>, again: boolean) => {
      for (const slice of slices) {
        attempts += await send(slice);
        if (again && randomInt(4) === 0) {
          redelivered += Math.min(20, slice.length);
          attempts += await send(slice.slice(0, 20));
        }
        if (chaosRunning) await new Promise((resolve) => setTimeout(resolve, PROFILE.paceMs));
      }
    };
    const production = Promise.all([
      lane(
        accountSlices.filter((_, i) => i % 2 === 0),
        ingest,
        true,
      ),
      lane(
        accountSlices.filter((_, i) => i % 2 === 1),
        produce,
        true,
      ),
    ]);

    const chaos = (async () => {
      let round = 0;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await killDetector(round++);

      const busiest = await busiestLeader();
      await fault(
        `SIGKILL node ${busiest.leader}, leader of the busiest partition (${busiest.partition}, ${busiest.records} records)`,
        () => cluster.kill(busiest.leader),
        async () => {
          await new Promise((resolve) => setTimeout(resolve, PROFILE.leaderDownMs));
          await cluster.startNode(busiest.leader);
        },
      );
      // Mid-batch: while the detectors are writing.
      await pollUntil(
        async () => {
          const before = await recordedCount();
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return (await recordedCount()) > before;
        },
        { timeoutMs: 60_000, what: 'the detectors to be recording events' },
      );
      await fault(
        'SIGKILL the Postgres primary mid-batch, standby promoted',
        () => pair.crash(),
        async () => {
          await new Promise((resolve) => setTimeout(resolve, PROFILE.promoteAfterMs));
          await pair.promote();
        },
      );
      await killNotifierMidSend();

      const controller = cluster.activeController();
      await fault(
        `SIGKILL node ${controller}, the active controller`,
        () => cluster.kill(controller),
        async () => {
          await pollUntil(
            () => {
              try {
                return cluster.activeController() !== controller;
              } catch {
                return false;
              }
            },
            { timeoutMs: 60_000, what: 'another controller to be elected' },
          );
          note(`node ${cluster.activeController()} is the active controller`);
          await cluster.startNode(controller);
        },
      );
      await killDetector(round++);

      const paused = [1, 2, 3].find((n) => n !== cluster.activeController())!;
      await fault(
        `SIGSTOP node ${paused} for ${PROFILE.pauseMs} ms`,
        () => cluster.pause(paused),
        async () => {
          await new Promise((resolve) => setTimeout(resolve, PROFILE.pauseMs));
          cluster.resume(paused);
        },
      );
      await killDetector(round++);

      while (round < PROFILE.detectorKills) await killDetector(round++);
      chaosRunning = false;
    })();

    await Promise.all([production, chaos]);

    // Recovery: every event recorded, every expected case there, every delivery settled.
    const expectedEventIds = new Set(events.map((e) => e.id));
    await pollUntil(async () => (await recordedCount()) === expectedEventIds.size, { timeoutMs: 240_000, what: 'every event to be recorded' });
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
        return (
          row.cases >= suspicious.length &&
          row.unpublished === 0 &&
          row.unalerted === 0 &&
          Object.keys(row.deliveries ?? {}).every((status) => status === 'sent' || status === 'skipped' || status === 'dead')
        );
      },
      { timeoutMs: 240_000, intervalMs: 500, what: 'every case to be opened and every alert sent' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${JSON.stringify(progress)}`);
    });

    // Events: each exactly once (the id is the key), and when each was recorded.
    const recorded: { id: string; ms: number }[] = await harness.db.query(`SELECT id, (extract(epoch FROM received_at) * 1000)::float8 AS ms FROM account_event`);
    const recordedIds = new Set(recorded.map((r) => r.id));
    const missingEvents = [...expectedEventIds].filter((id) => !recordedIds.has(id));
    const unexpectedEvents = recorded.filter((r) => !expectedEventIds.has(r.id));
    const cases: { account_id: string; reference_code: string; rules: string[] }[] = await harness.db.query(
      `SELECT c.account_id, c.reference_code, array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) AS rules
         FROM fraud_case c JOIN rule_hit h ON h.case_id = c.id GROUP BY c.id`,
    );
    const storyOf = new Map(stories.map((s) => [s.accountId, s.story]));
    const caseCount = new Map<string, number>();
    for (const c of cases) caseCount.set(c.account_id, (caseCount.get(c.account_id) ?? 0) + 1);
    const missingCases = suspicious.filter((s) => !caseCount.has(s.accountId)).map((s) => s.accountId);
    const duplicatedCases = [...caseCount].filter(([, n]) => n > 1).map(([id]) => id);
    const unexpectedCases = stories.filter((s) => s.story === 'benign' && caseCount.has(s.accountId)).map((s) => s.accountId);
    const wrongRules = cases.filter((c) => {
      const story = storyOf.get(c.account_id)!;
      return story !== 'benign' && JSON.stringify(c.rules) !== JSON.stringify(EXPECTED_RULES[story]);
    });
    const [{ doubled_hits }] = await harness.db.query<{ doubled_hits: number }[]>(
      `SELECT count(*)::int AS doubled_hits FROM (SELECT 1 FROM rule_hit GROUP BY case_id, event_id, rule_id HAVING count(*) > 1) d`,
    );
    const deliveries: { reference_code: string; channel: string; status: string }[] = await harness.db.query(
      `SELECT c.reference_code, d.channel, d.status FROM delivery d JOIN fraud_case c ON c.id = d.case_id WHERE d.template = 'fraud-alert'`,
    );
    const perCase = cases.map((c) => {
      const own = deliveries.filter((d) => d.reference_code === c.reference_code);
      return {
        ref: c.reference_code,
        notSent: own.filter((d) => d.status !== 'sent').length,
        emailRows: own.filter((d) => d.channel === 'email').length,
        smsRows: own.filter((d) => d.channel === 'sms').length,
        mails: sink.received.filter((m) => m.parsed.subject?.includes(`(ref ${c.reference_code})`)).length,
        sms: twilio.accepted.filter((m) => m.Body?.includes(c.reference_code)).length,
      };
    });
    const lostAlerts = perCase.filter((c) => c.notSent > 0 || c.emailRows === 0 || c.smsRows === 0 || c.mails < c.emailRows || c.sms < c.smsRows);
    const doubledAlerts = perCase.filter((c) => c.mails > c.emailRows || c.sms > c.smsRows);

    // Offsets: both groups committed exactly to the end of their topics.
    const atLogEnd = async (group: string, logical: string) => {
      const physical = physicalTopic({ topicPrefix: prefix }, logical);
      return pollUntil(
        async () => {
          const ends = await admin.fetchTopicOffsets(physical);
          const [offsets] = await admin.fetchOffsets({ groupId: `${prefix}${group}`, topics: [physical] });
          return offsets.partitions.every((p) => p.offset === ends.find((e) => e.partition === p.partition)!.high) ? offsets.partitions : undefined;
        },
        { timeoutMs: 60_000, what: `${group}'s committed offsets to reach the end of ${physical}` },
      );
    };
    const committed = await atLogEnd('sentinel-detector', Topics.accountEvents);
    const alertOffsets = await atLogEnd('sentinel-notifier', Topics.accountAlerts);
    const recordsOnTopic = committed.reduce((n, p) => n + Number(p.offset), 0);
    // No partition stalled: a consumer stuck on an offset fails its instance's readiness.
    const ready = await Promise.all([...detectors, ...notifiers, harness.services.gateway].map((s) => fetch(`${s.url}/health/ready`).then((r) => r.status)));

    const states: { folded: number; recorded: number }[] = await harness.db.query(
      `SELECT COALESCE((s.state::jsonb ->> 'eventCount')::int, 0) + count(e.id) FILTER (WHERE e.account_seq > COALESCE(s.snapshot_seq, 0)) AS folded,
              count(e.id)::int AS recorded
         FROM account_event e LEFT JOIN account_state s USING (account_id)
        GROUP BY e.account_id, s.state, s.snapshot_seq`,
    );
    const unevenStates = states.filter((r) => Number(r.folded) !== r.recorded);

    // Per fault: the first event offered after it and recorded, the last of those offered in its
    // first second (the slowest partition's recovery), and the gateway's failed requests while it lasted.
    const recordedAt = new Map(recorded.map((r) => [r.id, r.ms]));
    const perFault = faults.map((f) => {
      const after = [...firstSent].filter(([, t]) => t >= f.at).map(([id, t]) => ({ t, rec: recordedAt.get(id) ?? Infinity }));
      const firstSecond = after.filter((e) => e.t < f.at + 1000);
      const during = requests.filter((r) => r.at >= f.at && r.at <= f.endedAt);
      return {
        fault: f.name,
        lastedMs: f.endedAt - f.at,
        firstRecordedAfterMs: after.length ? Math.round(Math.min(...after.map((e) => e.rec)) - f.at) : null,
        allOfFirstSecondRecordedAfterMs: firstSecond.length ? Math.round(Math.max(...firstSecond.map((e) => e.rec)) - f.at) : null,
        gatewayRequests: during.length,
        gatewayErrorRate: during.length ? Number((during.filter((r) => !r.ok).length / during.length).toFixed(3)) : 0,
      };
    });

    const report = {
      events: {
        produced: events.length,
        sentAgain: redelivered,
        sendAttempts: attempts,
        recordsOnTopic,
        recorded: recorded.length,
        lost: missingEvents.length,
        doubled: recorded.length - recordedIds.size + unexpectedEvents.length,
      },
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
        doubled: doubledAlerts.length,
      },
      gateway: { requests: requests.length, failed: requests.filter((r) => !r.ok).length },
      faults: perFault,
      states: { accounts: states.length, uneven: unevenStates.length },
      offsets: { detector: committed.map((p) => `${p.partition}:${p.offset}`).join(' '), notifier: alertOffsets.map((p) => `${p.partition}:${p.offset}`).join(' ') },
      ready,
    };
    process.stdout.write(`cluster fault report:\n${JSON.stringify(report, null, 2)}\n`);

    expect(missingEvents).toEqual([]);
    expect(unexpectedEvents).toEqual([]);
    expect(recorded).toHaveLength(expectedEventIds.size);
    expect({ missingCases, duplicatedCases, unexpectedCases, wrongRules, doubledHits: doubled_hits }).toEqual({
      missingCases: [],
      duplicatedCases: [],
      unexpectedCases: [],
      wrongRules: [],
      doubledHits: 0,
    });
    expect({ lostAlerts, doubledAlerts }).toEqual({ lostAlerts: [], doubledAlerts: [] });
    expect(unevenStates).toEqual([]);
    expect(ready).toEqual(Array(ready.length).fill(200));
    expect(faults.map((f) => f.name.split(' ')[0])).toEqual(expect.arrayContaining(['SIGKILL', 'SIGSTOP']));
  }, 1_500_000);
});
