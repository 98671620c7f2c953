import { type AccountEvent, checkEventTime, DLQ_HEADERS, findUnsafeText, parseAccountEvent, Topics, validateAccountEvent } from '@sentinel/contracts';
import { groupId, physicalTopic, skippedCause } from '@sentinel/messaging';
import { isolatedPrefix, PipelineHarness, pollUntil, testKafka } from '@sentinel/testing';
import { compressedBatch, contentType, gatewayBody, kafkaMessage } from '@sentinel/testing/fuzz-arbitraries';
import fc from 'fast-check';
import type { Admin, Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/**
 * Random events, through the gateway and straight onto the topic, against the compiled gateway and
 * detector. Whatever arrives, every partition's committed offset reaches the log end, every message
 * is either recorded (valid by the contract) or dead-lettered once with the contract's code (not),
 * never both, and the detector stays ready. The gateway answers 2xx or a 4xx that names the
 * problem, never a 5xx, and what it accepts is on the topic.
 *
 * CI runs a short, fixed form. `FUZZ_RUNS=500` runs longer with a fresh seed, `FUZZ_SEED=<n>` (and
 * `FUZZ_PATH=<path>`) replays a failure, `FUZZ_SHRINK=1` shrinks a failing case (slow: every step
 * goes through the pipeline).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20_261_129));
const API_KEY = `fuzz-${randomUUID()}`;
// The detector's defaults, which the harness keeps: the oracle judges event times as it does.
const EVENT_TIME = { maxFutureMs: 300_000, maxAgeMs: 400 * 86_400_000 };

interface Seen {
  partition: number;
  offset: string;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Everything on one topic from its beginning, kept as it arrives. */
class TopicTail {
  readonly messages: Seen[] = [];
  private readonly next = new Map<number, number>();
  private consumer?: Consumer;

  constructor(readonly topic: string) {}

  async start(kafka: Kafka): Promise<this> {
    this.consumer = kafka.consumer({ groupId: `fuzz-reader-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ partition, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        this.messages.push({ partition, offset: message.offset, value: message.value, headers });
        this.next.set(partition, Number(message.offset) + 1);
        return Promise.resolve();
      },
    });
    return this;
  }

  async caughtUp(admin: Admin): Promise<boolean> {
    const ends = await admin.fetchTopicOffsets(this.topic);
    return ends.every((end) => (this.next.get(end.partition) ?? 0) >= Number(end.high));
  }

  stop(): Promise<void> | undefined {
    return this.consumer?.disconnect();
  }
}

/** The `id` of a message, when it decodes to an object with a string id a query can carry. */
function looseId(value: Buffer | null): string | undefined {
  try {
    const id = (JSON.parse(value?.toString('utf8') ?? '') as { id?: unknown } | null)?.id;
    return typeof id === 'string' && findUnsafeText(id) === undefined ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How many events a request body holds, and whether the contract takes every one of them as the
 * README describes the gateway: one event, an array or `{ events }`, with id, schemaVersion and
 * correlationId filled when absent.
 */
function judgeBody(body: string): { count: number; valid: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { count: 0, valid: false };
  }
  const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
  const items = Array.isArray(value) ? value : isObject(value) && Array.isArray((value as { events?: unknown }).events) ? (value as { events: unknown[] }).events : [value];
  const takes = (item: unknown) => {
    const valid = validateAccountEvent(isObject(item) ? { id: 'fuzz-id', schemaVersion: 1, correlationId: 'fuzz-correlation', ...item } : item);
    return valid.ok && checkEventTime(valid.value, { now: new Date(), ...EVENT_TIME }).ok;
  };
  return { count: items.length, valid: items.length > 0 && items.every(takes) };
}

function jsonOrNothing(text: string): { ids?: string[]; message?: unknown } {
  try {
    return JSON.parse(text) as { ids?: string[]; message?: unknown };
  } catch {
    return {};
  }
}

/** A failing case short enough to read: long strings and buffers cut, with their size. */
function summarize(value: unknown): string {
  return JSON.stringify(
    value,
    function (this: unknown, key, v: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      if (Buffer.isBuffer(raw)) return `<${raw.length} bytes> ${JSON.stringify(raw.subarray(0, 160).toString('utf8'))}`;
      if (typeof v === 'string' && v.length > 200) return `${v.slice(0, 200)}… <${v.length} chars>`;
      return v;
    },
    1,
  );
}

describe('fuzz: no event, however odd, is lost, kept twice or stops detection', () => {
  const prefix = isolatedPrefix();
  const eventsTopic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
  const detectorGroup = groupId({ topicPrefix: prefix }, 'sentinel-detector');
  let harness: PipelineHarness;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let events: TopicTail;
  let dlq: TopicTail;
  let checked = 0;
  /**
   * Every valid event seen, by id: a mutated id may repeat an earlier one, and a repeated id is a
   * redelivery by design (dropped, counted as a duplicate): the first of them to commit is recorded.
   */
  const validById = new Map<string, AccountEvent[]>();
  /** What the runs produced, so a suite that exercised nothing fails, and its mix is printed. */
  const tally = new Map<string, number>();
  const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);

  beforeAll(async () => {
    process.stdout.write(`fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}\n`);
    harness = await new PipelineHarness(
      ['gateway', 'detector'],
      { KAFKA_TOPIC_PREFIX: prefix, INGEST_API_KEYS: `fuzz:${API_KEY}`, KAFKA_COMMIT_INTERVAL_MS: '0', CONSUMER_STALL_MS: '5000' },
      'fuzz-logs',
    ).start();
    kafka = await testKafka(prefix);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
    events = await new TopicTail(eventsTopic).start(kafka);
    dlq = await new TopicTail(physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq)).start(kafka);
  }, 120_000);

  afterAll(async () => {
    process.stdout.write(
      `fuzz: ${[...tally]
        .sort()
        .map(([what, n]) => `${what}: ${n}`)
        .join(', ')}\n`,
    );
    await events?.stop();
    await dlq?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await harness?.stop();
  });

  /** Waits until the detector has committed every partition to its end and both tails have read theirs. */
  async function settle(): Promise<void> {
    let last = '';
    try {
      await pollUntil(
        async () => {
          const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(eventsTopic), admin.fetchOffsets({ groupId: detectorGroup, topics: [eventsTopic] })]);
          const at = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
          last = ends.map((end) => `partition ${end.partition}: committed ${at.get(end.partition)}, end ${end.high}`).join('; ');
          return ends.every((end) => Number(end.high) === 0 || at.get(end.partition) === Number(end.high));
        },
        { timeoutMs: 45_000, intervalMs: 50 },
      );
    } catch {
      throw new Error(`the detector's committed offsets did not reach the log end (${last})`);
    }
    await pollUntil(async () => (await events.caughtUp(admin)) && (await dlq.caughtUp(admin)), {
      timeoutMs: 20_000,
      intervalMs: 50,
      what: 'the test to read both topics to their end',
    });
  }

  /**
   * Judges every message that reached the topic since the last check by the contract the detector
   * applies, and finds each where it must be: recorded as parsed, or dead-lettered once with its code.
   */
  async function verifyNewMessages(): Promise<string[]> {
    const fresh = events.messages.slice(checked);
    checked = events.messages.length;
    const window = { now: new Date(), ...EVENT_TIME };
    // A record the consumer set aside while decompressing has no value: its note gives the code.
    const judge = (message: Seen) => {
      const skipped = skippedCause({ headers: message.headers } as unknown as KafkaMessage);
      return skipped ? { ok: false as const, error: { code: skipped.code } } : parseAccountEvent(message.value, window);
    };
    const judged = fresh.map((message) => ({ message, parsed: judge(message) }));
    for (const { parsed } of judged) if (parsed.ok) validById.set(parsed.value.id, [...(validById.get(parsed.value.id) ?? []), parsed.value]);
    const ids = [...new Set(judged.map(({ message, parsed }) => (parsed.ok ? parsed.value.id : looseId(message.value))).filter((id) => id !== undefined))];
    const rows: { id: string; body: unknown }[] = await harness.db.query(`SELECT id, body FROM account_event WHERE id = ANY($1)`, [ids]);
    const recorded = new Map(rows.map((row) => [row.id, row.body]));
    const letters = new Map<string, Seen[]>();
    for (const letter of dlq.messages) {
      // The transport names topics by their logical names; the prefix is the deployment's.
      if (letter.headers[DLQ_HEADERS.sourceTopic] !== Topics.accountEvents) continue;
      const at = `${letter.headers[DLQ_HEADERS.sourcePartition]}:${letter.headers[DLQ_HEADERS.sourceOffset]}`;
      letters.set(at, [...(letters.get(at) ?? []), letter]);
    }

    const problems: string[] = [];
    for (const { message, parsed } of judged) {
      const at = `${message.partition}:${message.offset}`;
      const dead = letters.get(at) ?? [];
      const said = dead.map((d) => `${d.headers[DLQ_HEADERS.code]} (${d.headers[DLQ_HEADERS.reason]})`).join(', ');
      count(parsed.ok ? 'recorded' : `dead-lettered ${parsed.error.code}`);
      if (parsed.ok) {
        const body = recorded.get(parsed.value.id);
        if (dead.length) problems.push(`valid event ${parsed.value.id} at ${at} was dead-lettered: ${said}`);
        if (body === undefined) problems.push(`valid event ${parsed.value.id} at ${at} was not recorded`);
        else if (!validById.get(parsed.value.id)!.some((sent) => isDeepStrictEqual(body, sent)))
          problems.push(`event ${parsed.value.id} at ${at} was recorded as ${summarize(body)}, not ${summarize(parsed.value)}`);
      } else {
        // More than once is allowed: a batch that fails after dead-lettering (two partitions racing
        // on one account's numbers, when a producer does not key by account) is delivered again.
        if (dead.length === 0) problems.push(`invalid message at ${at} (${parsed.error.code}) was neither recorded nor dead-lettered`);
        else if (dead.some((d) => d.headers[DLQ_HEADERS.code] !== parsed.error.code)) problems.push(`message at ${at} was dead-lettered as ${said}, expected ${parsed.error.code}`);
        const id = looseId(message.value);
        if (id !== undefined && !validById.has(id) && recorded.has(id)) problems.push(`invalid message at ${at} was recorded as ${id} and dead-lettered`);
      }
    }
    return problems;
  }

  async function expectPipelineWhole(): Promise<void> {
    await settle();
    const problems = await verifyNewMessages();
    if (problems.length) throw new Error(`${problems.length} message(s) misplaced:\n${problems.slice(0, 20).join('\n')}`);
    const ready = await fetch(`${harness.url('detector')}/health/ready`);
    if (ready.status !== 200) throw new Error(`the detector is not ready: ${ready.status} ${await ready.text()}`);
  }

  /** fast-check's own report prints whole 64 KiB cases; this one says how to replay and what failed. */
  async function fuzz<T>(arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<void>): Promise<void> {
    const details = await fc.check(fc.asyncProperty(arbitrary, property), {
      numRuns: RUNS,
      seed: SEED,
      path: process.env.FUZZ_PATH,
      endOnFailure: !process.env.FUZZ_SHRINK,
    });
    if (!details.failed) return;
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `fuzz failed after ${details.numRuns} run(s); replay with FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath}\n` +
        `${error}\ncase: ${summarize(details.counterexample)}`.slice(0, 20_000),
    );
  }

  it(
    'takes any message straight on the topic: recorded or dead-lettered, offsets at the end, detector ready',
    async () => {
      await fuzz(fc.array(kafkaMessage, { minLength: 1, maxLength: 12 }), async (messages) => {
        await producer.send({ topic: eventsTopic, messages });
        await expectPipelineWhole();
      });
      expect(tally.get('recorded')).toBeGreaterThan(0);
      expect([...tally.keys()].filter((what) => what.startsWith('dead-lettered')).length).toBeGreaterThan(3);
    },
    60_000 + RUNS * 8_000,
  );

  it(
    'takes compressed batches (gzip, snappy, lz4) with events around every size limit: recorded or dead-lettered, offsets at the end, detector ready',
    async () => {
      await fuzz(compressedBatch, async ([messages, compression]) => {
        await producer.send({ topic: eventsTopic, compression, messages });
        await expectPipelineWhole();
      });
      expect(tally.get('dead-lettered OVERSIZED')).toBeGreaterThan(0);
    },
    60_000 + RUNS * 8_000,
  );

  it(
    'answers any request with 2xx or a 4xx naming the problem, and what it accepts is recorded or dead-lettered',
    async () => {
      await fuzz(fc.array(fc.tuple(gatewayBody, contentType), { minLength: 1, maxLength: 5 }), async (requests) => {
        const accepted: string[] = [];
        for (const [body, type] of requests) {
          // Only JSON in UTF-8 (the default) is read as events; anything else is refused, not guessed at.
          const judged = judgeBody(body);
          const request = { ...judged, valid: judged.valid && /^application\/json(; charset=utf-8)?$/i.test(type) };
          const response = await fetch(`${harness.url('gateway')}/v1/events`, {
            method: 'POST',
            headers: { ...(type ? { 'content-type': type } : {}), 'x-api-key': API_KEY },
            body,
          });
          const text = await response.text();
          count(`gateway ${response.status}`);
          const what = `${response.status} ${text.slice(0, 300)} for ${type} ${summarize(body)}`;
          if (response.status >= 500) throw new Error(`a server error: ${what}`);
          if (request.valid !== (response.status === 202)) throw new Error(`the contract ${request.valid ? 'takes' : 'refuses'} these events, the gateway answered ${what}`);
          const answer = jsonOrNothing(text);
          if (response.status === 202) {
            if (answer.ids?.length !== request.count) throw new Error(`accepted without every id: ${what}`);
            accepted.push(...answer.ids);
          } else if (response.status < 400 || typeof answer.message !== 'string' || !answer.message) {
            throw new Error(`refused without a message: ${what}`);
          }
        }
        const before = checked;
        await expectPipelineWhole();
        const published = new Set(events.messages.slice(before).map((m) => looseId(m.value)));
        const missing = accepted.filter((id) => !published.has(id));
        if (missing.length) throw new Error(`accepted but never published: ${missing.join(', ')}`);
      });
      expect(tally.get('gateway 202')).toBeGreaterThan(0);
      expect(tally.get('gateway 400')).toBeGreaterThan(0);
    },
    60_000 + RUNS * 8_000,
  );
});
