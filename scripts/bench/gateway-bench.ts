// The gateway over HTTP (autocannon, 50 connections), with the detector consuming on the same
// cores, beside a bare kafkajs producer sending the same events with the same acks (-1, from all
// in-sync replicas): single-event requests, and requests of BENCH_GATEWAY_BATCH events; then
// single-event requests each on a connection of its own, as a client without keep-alive sends them.
import { Topics } from '@sentinel/contracts';
import { createKafka, ensureTopics, physicalTopic } from '@sentinel/messaging';
import { dropDatabase, migrate } from '@sentinel/persistence';
import autocannon from 'autocannon';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { DemoStream } from '../demo/demo-events';
import { cpuSnapshot } from './cpu-split';
import { freePort } from '../lib/free-port';
import { ServiceProcess } from '../lib/service-process';

const API_KEY = 'bench-gateway-key-0123456789abcdef';
const CONNECTIONS = 50;

export async function gatewayThroughput(
  root: string,
  brokers: string,
  base: URL,
  partitions: number,
  options: { seconds: number; batch: number },
  say: (line: string) => void,
): Promise<void> {
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}_gateway`;
  await dropDatabase(url.toString());
  await migrate(url.toString());
  const prefix = `bench-gateway-${Date.now().toString(36)}.`;
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'sentinel-bench-gateway', topicPrefix: prefix, partitions });
  await ensureTopics(
    kafka,
    Object.values(Topics).map((t) => physicalTopic({ topicPrefix: prefix }, t)),
    partitions,
  );
  const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
  const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
  const logs = join(root, '.run', 'bench-logs', 'gateway');
  const gateway = new ServiceProcess('gateway', await freePort(), { ...env, INGEST_API_KEYS: `bench:${API_KEY}` }, logs);
  const detector = new ServiceProcess('detector', await freePort(), env, logs);
  for (const service of [gateway, detector]) service.start();
  await Promise.all([gateway, detector].map((service) => service.waitReady(60_000)));
  try {
    // Events as a platform sends them: no id, which the gateway fills in.
    const stream = new DemoStream({ accounts: 10_000, suspiciousRate: 0.03, accountPrefix: 'gw' });
    const events: Record<string, unknown>[] = [];
    while (events.length < 20_000) for (const { id: _id, ...event } of stream.next()) events.push(event);
    const bodies = (size: number) =>
      Array.from({ length: 1000 }, (_, i) =>
        JSON.stringify(size === 1 ? events[i] : { events: events.slice((i * size) % (events.length - size), ((i * size) % (events.length - size)) + size) }),
      );

    // The bare producer: the same connections' worth of concurrent sends of the same batch size.
    const producer = kafka.producer();
    await producer.connect();
    let sent = 0;
    const until = performance.now() + options.seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        for (let i = c; performance.now() < until; i += CONNECTIONS) {
          const from = (i * options.batch) % (events.length - options.batch);
          await producer.send({ topic, acks: -1, messages: events.slice(from, from + options.batch).map((e) => ({ key: String(e.accountId), value: JSON.stringify(e) })) });
          sent += options.batch;
        }
      }),
    );
    const bareRate = sent / ((performance.now() - started) / 1000);
    await producer.disconnect();
    say(`bare producer       ${Math.round(bareRate).toLocaleString('en')} events/s (kafkajs, acks -1, ${CONNECTIONS} concurrent sends of ${options.batch} events)`);

    const load = async (size: number) => {
      const pool = bodies(size);
      let next = 0;
      // The gateway's own CPU time: on shared cores its rate follows what it was given, this does not.
      const cpuOf = () => cpuSnapshot((pid) => (pid === gateway.pid ? 'gateway' : undefined)).byGroup.get('gateway') ?? 0;
      const cpuBefore = cpuOf();
      const result = await autocannon({
        url: `${gateway.url}/v1/events`,
        connections: CONNECTIONS,
        duration: options.seconds,
        requests: [
          { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, setupRequest: (request) => ({ ...request, body: pool[next++ % pool.length] }) },
        ],
      });
      const ok = result['2xx'];
      const perSecond = ok / (result.duration || options.seconds);
      return { perSecond, result, ok, cpuMs: cpuOf() - cpuBefore };
    };
    const single = await load(1);
    say(
      `gateway, 1 event    ${Math.round(single.perSecond).toLocaleString('en')} req/s, p50 ${single.result.latency.p50} ms, p99 ${single.result.latency.p99} ms ` +
        `(${CONNECTIONS} connections, ${options.seconds} s, ${single.ok.toLocaleString('en')} accepted, ${single.result.non2xx} refused, ${single.result.errors} errors)`,
    );
    const batched = await load(options.batch);
    const batchedEvents = batched.perSecond * options.batch;
    say(
      `gateway, ${options.batch} events ${Math.round(batched.perSecond).toLocaleString('en')} req/s = ${Math.round(batchedEvents).toLocaleString('en')} events/s, ` +
        `p50 ${batched.result.latency.p50} ms, p99 ${batched.result.latency.p99} ms (${batched.result.non2xx} refused, ${batched.result.errors} errors)`,
    );
    say(`gateway batched / bare producer  ${(batchedEvents / bareRate).toFixed(2)}`);
    const fresh = await connectionPerRequest(new URL('/v1/events', gateway.url), bodies(1), options.seconds);
    say(
      `gateway, 1 event, a connection per request  ${Math.round(fresh.perSecond).toLocaleString('en')} req/s, p50 ${fresh.p50} ms, p99 ${fresh.p99} ms ` +
        `(${CONNECTIONS} at once, ${fresh.ok.toLocaleString('en')} accepted, ${fresh.failed} refused or failed)`,
    );
    const micros = (ms: number, n: number) => Math.round((ms * 1000) / Math.max(1, n));
    say(
      `gateway CPU         ${micros(single.cpuMs, single.ok)} µs per 1-event request, ${micros(batched.cpuMs, batched.ok * options.batch)} µs per event in ${options.batch}-event requests ` +
        `(its user+system time over accepted requests; the rates above also follow what the shared cores gave it)`,
    );
  } finally {
    await gateway.stop();
    await detector.stop();
  }
}

/**
 * Single-event requests from CONNECTIONS loops, each request on a new connection closed after its
 * answer. autocannon keeps its connections open (its reconnectRate drops the answer it reconnects
 * after from its figures), so node's own client, without an agent, makes these.
 */
async function connectionPerRequest(url: URL, pool: string[], seconds: number): Promise<{ perSecond: number; p50: number; p99: number; ok: number; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const once = (body: string) =>
    new Promise<number>((resolve) => {
      const request = httpRequest(
        url,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, connection: 'close', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve(0));
        },
      );
      request.on('error', () => resolve(0));
      request.end(body);
    });
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        const status = await once(pool[next++ % pool.length]);
        if (status === 202) latencies.push(performance.now() - sent);
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), ok: latencies.length, failed };
}
