// `npm run bench`: measures the detector against the ceilings of its own machine, on one topic.
//   1. produce BENCH_EVENTS realistic events (about 3% suspicious) for BENCH_ACCOUNTS accounts;
//   2. the broker's own consume rate (Kafka's ConsumerPerformance tool);
//   3. a bare kafkajs consumer that only parses JSON: the ceiling for our client; then the durable
//      floor: kafkajs writing each batch into a copy of account_event in one transaction, then its
//      offsets (durable-floor.ts), what keeping every event costs before any detection;
//   4. the detector, as it runs in production (one process, batch consumption, Postgres), with its peak RSS.
//   5. event-to-case latency percentiles at BENCH_RATE events/s offered for BENCH_LATENCY_SECONDS;
//   6. a naive baseline: per-event @EventPattern with per-event TypeORM round trips, for BENCH_NAIVE_SECONDS;
//   7. the notifier alone: BENCH_ALERTS alerts into an SMTP sink that shares nothing with it; then
//      event-to-SMTP-accepted latency at BENCH_RATE events/s, detector and notifier, into that sink
//      (split by stage; immediate verdicts apart from those judged after LATENESS_MS) and into the built-in mail catcher;
//   8. the gateway over HTTP (autocannon, 50 connections) with the detector consuming, single-event and
//      BENCH_GATEWAY_BATCH-event requests for BENCH_GATEWAY_SECONDS each, beside a bare kafkajs producer;
//   9. the analyst console's queue and case pages on BENCH_CASES cases (see console-bench.ts).
// BENCH_ONLY=detector runs 1, 4 and 5 only, with where the detector's time and the machine's cores went; BENCH_ONLY=floor 1, the durable floor and 4;
// BENCH_ONLY=e2e runs 7 only (BENCH_ALERTS=0 skips the notifier alone, BENCH_E2E_MAIL=sink|catcher runs one); BENCH_ONLY=notifier its first part only; BENCH_ONLY=gateway the gateway stage only.
// Prints figures and ratios; it asserts nothing. Everything runs on this machine.
import { Topics } from '@sentinel/contracts';
import { createKafka, ensureTopics, physicalTopic } from '@sentinel/messaging';
import { dataSourceOptions, dropDatabase, migrate } from '@sentinel/persistence';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DemoStream } from '../demo/demo-events';
import { runCli } from '../lib/cli';
import { ensureLocalKafka } from '../lib/local-infra';
import { repoRoot } from '../lib/repo-root';
import { ServiceProcess } from '../lib/service-process';
import { MailCatcher } from '../mail-catcher/mail-catcher';
import { freePort } from '../lib/free-port';
import { BENCH_CLI } from './bench-options';
import { durableFloor } from './durable-floor';
import { benchConsole } from './console-bench';
import { cpuSnapshot, describeCpuSplit } from './cpu-split';
import { gatewayThroughput } from './gateway-bench';
import { notifierThroughput } from './notifier-bench';
import { TimingSmtpSink } from './timing-smtp-sink';
import { TopicTap } from './topic-tap';

const run = promisify(execFile);
const say = (line: string) => process.stdout.write(`${line}\n`);
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

async function main() {
  runCli(BENCH_CLI);
  if (process.env.BENCH_ONLY === 'gateway') {
    const kafka = process.env.KAFKA_BROKERS ? undefined : await ensureLocalKafka(9092);
    const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel');
    await gatewayThroughput(repoRoot(), process.env.KAFKA_BROKERS ?? kafka!.brokers, base, num('BENCH_PARTITIONS', 6), gatewayOptions(), say);
    await kafka?.stop();
    return;
  }
  if (process.env.BENCH_ONLY === 'notifier') {
    const kafka = process.env.KAFKA_BROKERS ? undefined : await ensureLocalKafka(9092);
    const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel');
    await notifierThroughput(repoRoot(), process.env.KAFKA_BROKERS ?? kafka!.brokers, base, num('BENCH_PARTITIONS', 6), num('BENCH_ALERTS', 10_000), say);
    await kafka?.stop();
    return;
  }
  if (process.env.BENCH_ONLY === 'e2e') {
    const kafka = process.env.KAFKA_BROKERS ? undefined : await ensureLocalKafka(9092);
    const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel');
    const brokers = process.env.KAFKA_BROKERS ?? kafka!.brokers;
    if (num('BENCH_ALERTS', 10_000) > 0) await notifierThroughput(repoRoot(), brokers, base, num('BENCH_PARTITIONS', 6), num('BENCH_ALERTS', 10_000), say);
    // BENCH_E2E_MAIL=sink (or catcher) runs that one alone.
    for (const mail of (['sink', 'catcher'] as const).filter((m) => (process.env.BENCH_E2E_MAIL ?? m) === m)) {
      await endToEnd(repoRoot(), brokers, base, num('BENCH_PARTITIONS', 6), num('BENCH_RATE', 2000), num('BENCH_LATENCY_SECONDS', 15), mail);
    }
    await kafka?.stop();
    return;
  }
  const events = num('BENCH_EVENTS', 200_000);
  const accounts = num('BENCH_ACCOUNTS', 10_000);
  const partitions = num('BENCH_PARTITIONS', 6);
  const root = repoRoot();
  const kafkaInfo = process.env.KAFKA_BROKERS ? undefined : await ensureLocalKafka(9092);
  const brokers = process.env.KAFKA_BROKERS ?? kafkaInfo!.brokers;
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel');
  const dbUrl = new URL(base);
  dbUrl.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}`;
  await dropDatabase(dbUrl.toString());
  await migrate(dbUrl.toString());

  const prefix = `bench-${Date.now().toString(36)}.`;
  const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'sentinel-bench', topicPrefix: prefix, partitions });
  await ensureTopics(
    kafka,
    Object.values(Topics).map((t) => physicalTopic({ topicPrefix: prefix }, t)),
    partitions,
  );
  say(`Account Sentinel benchmark: ${events.toLocaleString('en')} events, ${accounts.toLocaleString('en')} accounts, ${partitions} partitions, ${brokers}`);

  // 1. Produce.
  const producer = kafka.producer();
  await producer.connect();
  const stream = new DemoStream({ accounts, suspiciousRate: 0.03, accountPrefix: 'bench' });
  let produced = 0;
  const produceStart = performance.now();
  while (produced < events) {
    const batch = [];
    while (batch.length < 2000 && produced + batch.length < events) {
      for (const event of stream.next()) batch.push({ key: event.accountId, value: JSON.stringify(event) });
    }
    const take = batch.slice(0, events - produced);
    await producer.send({ topic, acks: 1, messages: take });
    produced += take.length;
  }
  await producer.disconnect();
  const produceSeconds = (performance.now() - produceStart) / 1000;
  say(`produced            ${rate(events, produceSeconds)}`);

  const only = process.env.BENCH_ONLY;
  if (only === 'detector' || only === 'floor') {
    // BENCH_ONLY=floor: the detector against its durable floor, without the latency stage.
    const floor = only === 'floor' ? await floorStage(kafka, topic, prefix, dbUrl, events) : undefined;
    const { detector, detectorRate } = await detectorStage(root, brokers, prefix, dbUrl, events, partitions);
    if (floor) say(`detector / durable floor    ${(detectorRate / (events / floor)).toFixed(2)}`);
    else await latencyStage(kafka, topic, dbUrl, stream, detector);
    await kafkaInfo?.stop();
    return;
  }

  // 2. The broker's own consumer.
  const classpath = (await run('bash', [join(root, 'scripts/kafka.sh'), 'classpath'])).stdout.trim();
  const perf = await run(
    'java',
    [
      '-Xmx512m',
      '-cp',
      classpath,
      'org.apache.kafka.tools.ConsumerPerformance',
      '--bootstrap-server',
      brokers,
      '--topic',
      topic,
      '--messages',
      String(events),
      '--group',
      `${prefix}perf`,
      '--timeout',
      '60000',
    ],
    { maxBuffer: 1 << 20 },
  );
  const perfLine = perf.stdout
    .trim()
    .split('\n')
    .pop()!
    .split(',')
    .map((x) => x.trim());
  const brokerRate = Number(perfLine[5]);
  say(`broker consume      ${Math.round(brokerRate).toLocaleString('en')} events/s (Kafka ConsumerPerformance)`);

  // 3. A bare kafkajs consumer that parses JSON and nothing else.
  const bare = await bareConsumer(kafka, topic, `${prefix}bare`, events);
  say(`bare kafkajs        ${rate(events, bare)} (JSON.parse only)`);
  const floor = await floorStage(kafka, topic, prefix, dbUrl, events);

  // 4. The detector.
  const { detector, detectorRate } = await detectorStage(root, brokers, prefix, dbUrl, events, partitions);

  // 5. Event-to-case latency at a fixed offered load, with the detector caught up.
  await latencyStage(kafka, topic, dbUrl, stream, detector);
  // 6. The naive baseline, on its own database, for at most BENCH_NAIVE_SECONDS.
  const naiveRate = await naiveBaseline(root, brokers, topic, base, num('BENCH_NAIVE_SECONDS', 30));
  say(`naive @EventPattern ${Math.round(naiveRate).toLocaleString('en')} events/s (per-event TypeORM, stock NestJS Kafka transport)`);
  say('');
  say(`detector / naive            ${(detectorRate / naiveRate).toFixed(1)}`);
  say(`detector / bare kafkajs     ${(detectorRate / (events / bare)).toFixed(2)}`);
  say(`detector / durable floor    ${(detectorRate / (events / floor)).toFixed(2)}`);
  say(`durable floor / bare        ${(bare / floor).toFixed(2)}`);
  say(`detector / broker consume   ${(detectorRate / brokerRate).toFixed(2)}`);
  say(`bare kafkajs / broker       ${(events / bare / brokerRate).toFixed(2)}`);
  say('');
  // 7. The notifier alone, then event to SMTP accepted, on databases and topics of their own: into
  // an SMTP sink without Postgres, split by stage, and into the built-in mail catcher.
  await notifierThroughput(root, brokers, base, partitions, num('BENCH_ALERTS', 10_000), say);
  for (const mail of ['sink', 'catcher'] as const) {
    await endToEnd(root, brokers, base, partitions, num('BENCH_RATE', 2000), num('BENCH_LATENCY_SECONDS', 15), mail);
  }
  say('');
  // 8. The gateway over HTTP beside a bare producer.
  await gatewayThroughput(root, brokers, base, partitions, gatewayOptions(), say);
  say('');
  // 9. The analyst console on a large queue.
  await benchConsole(base, brokers, num('BENCH_CASES', 10_000), say);
  await kafkaInfo?.stop();
}

/** Event-to-case latency at BENCH_RATE events/s for BENCH_LATENCY_SECONDS, then the detector's peak RSS; stops the detector. */
async function latencyStage(kafka: ReturnType<typeof createKafka>, topic: string, dbUrl: URL, stream: DemoStream, detector: ServiceProcess): Promise<void> {
  const client = new Client({ connectionString: dbUrl.toString() });
  await client.connect();
  const offered = num('BENCH_RATE', 2000);
  const seconds = num('BENCH_LATENCY_SECONDS', 15);
  const before = await batchCounters(detector.url);
  const stagesBefore = await stageSeconds([detector.url]);
  const latencies = await latencyAtLoad(kafka, topic, client, stream, offered, seconds);
  const batches = describeBatches(before, await batchCounters(detector.url));
  const split = await stageSplit([detector.url], stagesBefore);
  const peakRss = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${detector.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  await detector.stop();
  await client.end();
  say(
    `event-to-case       p50 ${pct(latencies, 0.5)} ms, p95 ${pct(latencies, 0.95)} ms, p99 ${pct(latencies, 0.99)} ms ` +
      `at ${offered.toLocaleString('en')} events/s offered for ${seconds} s (${latencies.length} events with an immediate verdict; ` +
      `${latencies.deferred.length} judged after LATENESS_MS: p50 ${pct(latencies.deferred, 0.5)} ms, p99 ${pct(latencies.deferred, 0.99)} ms)`,
  );
  say(`  detector batches  ${batches}`);
  say(`  batch time        ${split}`);
  say(`detector peak RSS   ${Math.round(peakRss)} MiB`);
}

/**
 * Runs the detector (BENCH_DETECTORS instances in one group) through the produced events and
 * prints its rate, where its batch time went by stage, and where the machine's cores went.
 * Leaves the first instance running for the latency stage.
 */
async function detectorStage(root: string, brokers: string, prefix: string, dbUrl: URL, events: number, partitions: number) {
  const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: dbUrl.toString(), LOG_LEVEL: 'warn' };
  const logs = join(root, '.run', 'bench-logs');
  const detector = new ServiceProcess('detector', 3902, env, logs);
  // BENCH_DETECTORS=2 runs a second instance in the same consumer group: the scale-out figure.
  const extra = Array.from({ length: num('BENCH_DETECTORS', 1) - 1 }, (_, i) => new ServiceProcess('detector', 3910 + i, env, join(logs, `detector-${i + 2}`)));
  const instances = [detector, ...extra];
  for (const instance of instances) instance.start();
  // Timed from the first instance ready, which starts detecting at once: with several, the figure
  // includes the others joining the group and the rebalance, as a scale-out does.
  await Promise.race(instances.map((instance) => instance.waitReady(60_000)));
  const allReady = Promise.all(instances.map((instance) => instance.waitReady(60_000)));
  const pids = new Set(instances.map((instance) => instance.pid));
  // Postgres serves other databases on a shared machine: only the backends of this one count.
  const backends = await backendPids(dbUrl);
  const classify = (pid: number, comm: string) =>
    pids.has(pid) ? 'detector' : backends.has(pid) ? 'postgres' : comm === 'java' ? 'kafka' : pid === process.pid ? 'bench' : undefined;
  const cpuFrom = cpuSnapshot(classify);
  const detectStart = performance.now();
  let handled = 0;
  let lastReport = detectStart;
  while (handled < events) {
    await new Promise((r) => setTimeout(r, 250));
    // Each event once: during a rebalance two instances may both take a batch, and the second
    // counts it as duplicates, which would end the run before every event was detected.
    // An instance still starting has detected nothing yet.
    handled = (await Promise.all(instances.map((instance) => consumed(instance.url, ['processed', 'dead_lettered']).catch(() => 0)))).reduce((a, b) => a + b, 0);
    if (performance.now() - lastReport > 10_000) {
      say(`  … detector at ${handled.toLocaleString('en')} events`);
      lastReport = performance.now();
    }
  }
  const detectSeconds = (performance.now() - detectStart) / 1000;
  await allReady;
  // A backend the pool opened meanwhile counts from its start.
  for (const pid of await backendPids(dbUrl)) backends.add(pid);
  const cpuTo = cpuSnapshot(classify);
  const client = new Client({ connectionString: dbUrl.toString() });
  await client.connect();
  const [{ cases }] = (await client.query<{ cases: number }>(`SELECT count(*)::int AS cases FROM fraud_case`)).rows;
  await client.end();
  say(`detector            ${rate(events, detectSeconds)}; ${cases.toLocaleString('en')} cases; ${instances.length} instance(s), ${partitions} partitions`);
  say(`  batch time        ${await stageSplit(instances.map((instance) => instance.url))}`);
  say(`  cores             ${describeCpuSplit(cpuFrom, cpuTo)}`);
  // What a thousand events cost in CPU time: steadier than rates when the machine is shared.
  const cpuMs = (group: string) => ((cpuTo.byGroup.get(group) ?? 0) - (cpuFrom.byGroup.get(group) ?? 0)) / (events / 1000);
  say(`  CPU per 1,000     detector ${Math.round(cpuMs('detector'))} ms, its Postgres backends ${Math.round(cpuMs('postgres'))} ms`);
  for (const instance of extra) await instance.stop();
  return { detector, detectorRate: events / detectSeconds };
}

/** The processes serving connections to this database, the caller's own aside. */
async function backendPids(dbUrl: URL): Promise<Set<number>> {
  const client = new Client({ connectionString: dbUrl.toString() });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  await client.end();
  return new Set(rows.map((r) => r.pid));
}

/** The detector's batch time by stage, summed over instances and over partitions handled at once; since `from`, a reading of `stageSeconds`. */
async function stageSplit(urls: string[], from = new Map<string, number>()): Promise<string> {
  const seconds = await stageSeconds(urls);
  for (const [stage, s] of from) seconds.set(stage, (seconds.get(stage) ?? 0) - s);
  const total = [...seconds.values()].reduce((a, b) => a + b, 0);
  return [...seconds.entries()].map(([stage, s]) => `${stage} ${Math.round((100 * s) / total)}%`).join(', ');
}

async function stageSeconds(urls: string[]): Promise<Map<string, number>> {
  const seconds = new Map<string, number>();
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const match of text.matchAll(/^sentinel_detector_stage_seconds_total\{stage="(\w+)"[^}]*\} ([\d.e+-]+)/gm)) {
      seconds.set(match[1], (seconds.get(match[1]) ?? 0) + Number(match[2]));
    }
  }
  return seconds;
}

/**
 * Offers `perSecond` events for `seconds`, in 50 ms slices, noting when each was sent; the
 * latency of an event that opened or joined a case is its rule hit's transaction time minus that
 * (a slight underestimate: the transaction commits a little after it starts).
 */
async function latencyAtLoad(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  client: Client,
  stream: DemoStream,
  perSecond: number,
  seconds: number,
): Promise<number[] & { sentAt: Map<string, number>; deferred: number[] }> {
  const producer = kafka.producer();
  await producer.connect();
  const sentAt = new Map<string, number>();
  const slice = 50;
  const perSlice = Math.max(1, Math.round((perSecond * slice) / 1000));
  const start = Date.now();
  for (let i = 0; i < (seconds * 1000) / slice; i++) {
    const messages = [];
    while (messages.length < perSlice) {
      for (const event of stream.next()) {
        messages.push({ key: event.accountId, value: JSON.stringify(event) });
        sentAt.set(event.id, 0);
      }
    }
    const now = Date.now();
    for (const m of messages) sentAt.set((JSON.parse(m.value) as { id: string }).id, now);
    await producer.send({ topic, acks: 1, messages });
    const next = start + (i + 1) * slice;
    if (next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
  }
  await producer.disconnect();
  const ids = [...sentAt.keys()];
  // Give the last events their time to land.
  const deadline = Date.now() + 10_000;
  let rows: { event_id: string; at: Date; immediate: boolean }[] = [];
  let previous = -1;
  while (Date.now() < deadline) {
    // A hit written in the transaction that recorded its event (both stamped with its start) is
    // an immediate verdict; a later one waited LATENESS_MS for the absence rules' evidence.
    rows = (
      await client.query<{ event_id: string; at: Date; immediate: boolean }>(
        `SELECT h.event_id, min(h.created_at) AS at, bool_or(h.created_at = e.received_at) AS immediate
           FROM rule_hit h JOIN account_event e ON e.account_id = h.account_id AND e.id = h.event_id
          WHERE h.event_id = ANY($1) GROUP BY h.event_id`,
        [ids],
      )
    ).rows;
    if (rows.length === previous) break;
    previous = rows.length;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const latency = (r: (typeof rows)[number]) => r.at.getTime() - sentAt.get(r.event_id)!;
  return Object.assign(
    rows
      .filter((r) => r.immediate)
      .map(latency)
      .sort((a, b) => a - b),
    {
      sentAt,
      deferred: rows
        .filter((r) => !r.immediate)
        .map(latency)
        .sort((a, b) => a - b),
    },
  );
}

/**
 * The whole path to the borrower's inbox: events offered at `perSecond` to a detector and a
 * notifier. `sink`: the notifier sends to an SMTP sink in this process that shares nothing with
 * the pipeline and notes when each message's envelope began and when it accepted it, so the time
 * splits by stage. `catcher`: to the dev mail catcher, which parses and stores every mail in
 * Postgres, as a newcomer runs it.
 */
async function endToEnd(root: string, brokers: string, base: URL, partitions: number, perSecond: number, seconds: number, mail: 'sink' | 'catcher'): Promise<void> {
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}_e2e`;
  await dropDatabase(url.toString());
  await migrate(url.toString());
  const prefix = `bench-e2e-${Date.now().toString(36)}.`;
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'sentinel-bench-e2e', topicPrefix: prefix, partitions });
  await ensureTopics(
    kafka,
    Object.values(Topics).map((t) => physicalTopic({ topicPrefix: prefix }, t)),
    partitions,
  );
  const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
  const sink = mail === 'sink' ? await new TimingSmtpSink().start() : undefined;
  // As `npm start` runs it: the mail catcher in the supervising process, the notifier sending to it.
  const catcherDb = sink ? undefined : await new DataSource(dataSourceOptions(url.toString(), 4)).initialize();
  const catcher = catcherDb ? new MailCatcher(catcherDb, say) : undefined;
  const catcherPort = await freePort();
  await catcher?.listen(catcherPort);
  const services = [
    new ServiceProcess('detector', await freePort(), env, join(root, '.run', 'bench-logs', 'e2e')),
    new ServiceProcess('notifier', await freePort(), { ...env, SMTP_URL: sink?.url ?? `smtp://127.0.0.1:${catcherPort}` }, join(root, '.run', 'bench-logs', 'e2e')),
  ];
  for (const service of services) service.start();
  await Promise.all(services.map((service) => service.waitReady(60_000)));
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const taps: TopicTap[] = [];
  const mailCount = async () => sink?.accepted ?? (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM caught_mail`)).rows[0].n;
  try {
    const stream = new DemoStream({ accounts: 10_000, suspiciousRate: 0.03, accountPrefix: 'e2e' });
    // Warm the accounts up first, so that suspicious events meet known devices and contacts.
    const warm = kafka.producer();
    await warm.connect();
    for (let i = 0; i < 10; i++) {
      const messages = [];
      while (messages.length < 5000) for (const event of stream.next()) messages.push({ key: event.accountId, value: JSON.stringify(event) });
      await warm.send({ topic: physicalTopic({ topicPrefix: prefix }, Topics.accountEvents), acks: 1, messages });
    }
    await warm.disconnect();
    const detector = services[0];
    await waitFor(async () => (await consumed(detector.url)) >= 50_000);
    // Readers of their own on the events and alerts topics: when each message could first be read.
    const idOf = (value: Buffer) => (JSON.parse(value.toString()) as { id?: string }).id;
    const caseOf = (value: Buffer) => (JSON.parse(value.toString()) as { caseId?: string }).caseId;
    taps.push(await new TopicTap(kafka, physicalTopic({ topicPrefix: prefix }, Topics.accountEvents), idOf).start(`${prefix}tap-events`, 50_000));
    taps.push(await new TopicTap(kafka, physicalTopic({ topicPrefix: prefix }, Topics.accountAlerts), caseOf).start(`${prefix}tap-alerts`));
    // …and the notifier through the warm-up's alerts, so the window measures the pipeline, not a backlog.
    let mails = -1;
    await waitFor(async () => {
      const n = await mailCount();
      const { rows } = await client.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL`);
      const settled = n === mails && rows[0].pending === 0;
      mails = n;
      return settled;
    }, 3000);
    const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
    const before = await batchCounters(detector.url);
    const latencies = await latencyAtLoad(kafka, topic, client, stream, perSecond, seconds);
    const batches = describeBatches(before, await batchCounters(detector.url));
    const sentAt = latencies.sentAt;
    say(`  detector batches  ${batches}`);
    if (sink) await splitByStage(client, sink, { events: taps[0], alerts: taps[1] }, sentAt, perSecond, seconds);
    else await catcherLatency(client, sentAt, perSecond, seconds);
  } finally {
    await client.end();
    for (const tap of taps) await tap.stop();
    for (const service of services) await service.stop();
    await sink?.stop();
    await catcher?.close();
    await catcherDb?.destroy();
  }
}

/**
 * Each case's first email against the send time of the event that opened the case, split by
 * stage with the timestamps the pipeline keeps and two readers of the bench's own:
 *   events topic        sent → the events tap could read it;
 *   detector batch wait → the detector's transaction began (account_event.received_at): waiting
 *                       behind the partition's batch in hand, its fetch, decoding;
 *   detect + commit     → the relay produced the alert (its Kafka timestamp): the transaction,
 *                       its commit and the relay's pick-up;
 *   alerts topic        → the alerts tap could read it;
 *   notifier claim      → the delivery row was inserted (created_at): the notifier's fetch, its
 *                       batch, contacts and limits;
 *   link, render        → the sink saw MAIL FROM (links, render and the SMTP pool's queue);
 *   SMTP                → the sink accepted it;
 *   record              → the delivery's sent_at (after the acceptance, so not in the total).
 * Beside the chain: the relay's send until Kafka acknowledged it (outbox.published_at).
 * No message is held for grouping, so that stage is nil.
 */
async function splitByStage(
  client: Client,
  sink: TimingSmtpSink,
  taps: { events: TopicTap; alerts: TopicTap },
  sentAt: Map<string, number>,
  perSecond: number,
  seconds: number,
): Promise<void> {
  type Row = { event_id: string; case_id: string; hit_at: Date; received_at: Date; published_at: Date; recipient_hash: string; claimed_at: Date; sent_at: Date };
  const deadline = Date.now() + 60_000;
  let rows: Row[] = [];
  let previous = -1;
  while (Date.now() < deadline) {
    rows = (
      await client.query<Row>(
        `SELECT h.event_id, c.id AS case_id, h.created_at AS hit_at, e.received_at, o.published_at, d.recipient_hash, d.created_at AS claimed_at, d.sent_at
           FROM fraud_case c
           JOIN LATERAL (SELECT event_id, rule_id, created_at FROM rule_hit WHERE case_id = c.id ORDER BY created_at, id LIMIT 1) h ON true
           JOIN account_event e ON e.account_id = c.account_id AND e.id = h.event_id
           JOIN LATERAL (SELECT published_at FROM outbox WHERE topic = 'account.alerts' AND payload->>'caseId' = c.id::text ORDER BY id LIMIT 1) o ON true
           JOIN delivery d ON d.dedupe_key = c.id::text AND d.channel = 'email' AND d.status = 'sent'
          WHERE h.event_id = ANY($1)`,
        [[...sentAt.keys()]],
      )
    ).rows;
    if (rows.length === previous && rows.length > 0) break;
    previous = rows.length;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const stages = ['events topic', 'detector batch wait', 'detect + commit', 'alerts topic', 'notifier claim', 'link, render', 'SMTP', 'record', '(relay send, acks)'] as const;
  const perCase = new Map<string, { absence: boolean; total: number; parts: number[] }>();
  let untapped = 0;
  for (const r of rows) {
    const timing = sink.firstAfter(r.recipient_hash, r.claimed_at.getTime() - 5);
    if (!timing) continue;
    const event = taps.events.seen.get(r.event_id);
    const alert = taps.alerts.seen.get(r.case_id);
    if (!event || !alert) {
      untapped++;
      continue;
    }
    const sent = sentAt.get(r.event_id)!;
    const total = timing.acceptedAt - sent;
    const known = perCase.get(r.event_id);
    // A case mailed to several addresses (a replaced one too) counts by its first mail.
    if (known && known.total <= total) continue;
    perCase.set(r.event_id, {
      // Judged after the lateness window, not in the transaction that recorded the event (see latencyAtLoad).
      absence: r.hit_at.getTime() !== r.received_at.getTime(),
      total,
      parts: [
        event.arrivedAt - sent,
        r.received_at.getTime() - event.arrivedAt,
        alert.producedAt - r.received_at.getTime(),
        alert.arrivedAt - alert.producedAt,
        r.claimed_at.getTime() - alert.arrivedAt,
        timing.mailFromAt - r.claimed_at.getTime(),
        timing.acceptedAt - timing.mailFromAt,
        r.sent_at.getTime() - timing.acceptedAt,
        r.published_at.getTime() - alert.producedAt,
      ],
    });
  }
  const all = [...perCase.values()];
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const line = (values: number[]) => `p50 ${pct(values, 0.5)} ms, p95 ${pct(values, 0.95)} ms, p99 ${pct(values, 0.99)} ms`;
  const immediate = all.filter((c) => !c.absence);
  const absence = all.filter((c) => c.absence);
  say(
    `event-to-SMTP       ${line(sorted(immediate.map((c) => c.total)))} for alerts of immediate verdicts (${immediate.length}); ` +
      `${line(sorted(absence.map((c) => c.total)))} for those judged after LATENESS_MS (${absence.length}); at ${perSecond.toLocaleString('en')} events/s offered for ${seconds} s, into an SMTP sink without Postgres` +
      (untapped ? ` (${untapped} mails left out: a tap missed their message)` : ''),
  );
  say(`  per stage, alerts of immediate verdicts (each stage's own percentiles):`);
  stages.forEach((stage, i) => say(`  ${stage.padEnd(20)}${line(sorted(immediate.map((c) => c.parts[i])))}`));
  say(`  ${'grouping wait'.padEnd(20)}none: the first message of a case is not held`);
}

/** Each case's first mail in the built-in mail catcher, against the send time of the event that opened the case. */
async function catcherLatency(client: Client, sentAt: Map<string, number>, perSecond: number, seconds: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let mail: number[] = [];
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ event_id: string; accepted: Date }>(
      `SELECT h.event_id, min(m.received_at) AS accepted
         FROM fraud_case c
         JOIN LATERAL (SELECT event_id FROM rule_hit WHERE case_id = c.id ORDER BY created_at, id LIMIT 1) h ON true
         JOIN caught_mail m ON m.subject LIKE '%' || c.reference_code || '%'
        WHERE h.event_id = ANY($1) GROUP BY h.event_id`,
      [[...sentAt.keys()]],
    );
    const next = rows.map((r) => r.accepted.getTime() - sentAt.get(r.event_id)!).sort((a, b) => a - b);
    if (next.length === mail.length && next.length > 0) break;
    mail = next;
    await new Promise((r) => setTimeout(r, 2000));
  }
  say(
    `event-to-SMTP       p50 ${pct(mail, 0.5)} ms, p95 ${pct(mail, 0.95)} ms, p99 ${pct(mail, 0.99)} ms ` +
      `at ${perSecond.toLocaleString('en')} events/s offered for ${seconds} s (${mail.length} alerts, all rules, accepted by the built-in mail catcher)`,
  );
}

const gatewayOptions = () => ({ seconds: num('BENCH_GATEWAY_SECONDS', 10), batch: num('BENCH_GATEWAY_BATCH', 100) });

async function waitFor(condition: () => Promise<boolean>, intervalMs = 500): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, intervalMs));
}

function pct(sorted: number[], q: number): string {
  if (sorted.length === 0) return 'n/a';
  return String(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
}

/** Runs the naive consumer for a while and returns the rate at which it took events in. */
async function naiveBaseline(root: string, brokers: string, topic: string, base: URL, seconds: number): Promise<number> {
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}_naive`;
  await dropDatabase(url.toString());
  await migrate(url.toString());
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(root, 'dist/scripts/bench/naive-detector.js')], {
    env: { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: url.toString(), BENCH_TOPIC: topic },
    stdio: 'ignore',
  });
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const count = async () => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_event`)).rows[0].n;
  // Time from the first event it stores, so start-up and the group join are not counted.
  const deadline = Date.now() + 60_000;
  while ((await count()) === 0) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      await client.end();
      throw new Error('the naive baseline stored no event within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const from = { at: performance.now(), n: await count() };
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const to = { at: performance.now(), n: await count() };
  child.kill('SIGTERM');
  await client.end();
  return (to.n - from.n) / ((to.at - from.at) / 1000);
}

function rate(count: number, seconds: number): string {
  return `${Math.round(count / seconds).toLocaleString('en')} events/s (${seconds.toFixed(1)} s)`;
}

/** The detector's batch counters: how many batches, their events, and its batch-time histogram's cumulative buckets. */
async function batchCounters(url: string): Promise<{ batches: number; events: number; buckets: Map<number, number> }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(/^sentinel_detector_batch_seconds_bucket\{le="([^"]+)"[^}]*\} (\d+)/gm))
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  const batches = Number(/^sentinel_detector_batch_seconds_count(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
  return { batches, events: await consumed(url), buckets };
}

/**
 * Between two readings: batches, mean events per batch, and the batch time's percentiles as the
 * histogram's bucket bounds (each is "at most").
 */
function describeBatches(from: Awaited<ReturnType<typeof batchCounters>>, to: Awaited<ReturnType<typeof batchCounters>>): string {
  const batches = to.batches - from.batches;
  if (batches === 0) return 'no batches';
  const bound = (q: number) => {
    for (const [le, n] of [...to.buckets].sort(([a], [b]) => a - b)) if (n - (from.buckets.get(le) ?? 0) >= q * batches) return le === Infinity ? '>5 s' : `<= ${le * 1000} ms`;
    return 'n/a';
  };
  return `${batches} batches of ${Math.round((to.events - from.events) / batches)} events on average; batch time p50 ${bound(0.5)}, p95 ${bound(0.95)}, p99 ${bound(0.99)}`;
}

/** Events the detector has taken in with the given outcomes (all by default), from its own metrics. */
async function consumed(url: string, outcomes = ['processed', 'duplicate', 'dead_lettered']): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(/^sentinel_detector_events_total\{outcome="(\w+)"[^}]*\} (\d+)/gm)) if (outcomes.includes(match[1])) total += Number(match[2]);
  return total;
}

async function floorStage(kafka: ReturnType<typeof createKafka>, topic: string, prefix: string, dbUrl: URL, events: number): Promise<number> {
  // The detector's defaults: DETECTOR_CONCURRENCY and KAFKA_COMMIT_INTERVAL_MS.
  const floor = await durableFloor(kafka, topic, `${prefix}floor`, dbUrl.toString(), events, { concurrency: 6, commitIntervalMs: 1000 });
  say(`durable floor       ${rate(events, floor)} (one transaction per batch: the events into a copy of account_event, then the offsets)`);
  return floor;
}

async function bareConsumer(kafka: ReturnType<typeof createKafka>, topic: string, groupId: string, events: number): Promise<number> {
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 1_048_576 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let start = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: ({ batch }) => {
        if (!start) start = performance.now();
        for (const message of batch.messages) JSON.parse(message.value!.toString());
        seen += batch.messages.length;
        if (seen >= events) resolve();
        return Promise.resolve();
      },
    });
  });
  await done;
  const seconds = (performance.now() - start) / 1000;
  await consumer.disconnect();
  return seconds;
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack}\n`);
  process.exit(1);
});
