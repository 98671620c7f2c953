import {
  type AccountEvent,
  checkEventTime,
  DLQ_HEADERS,
  eventKey,
  findUnsafeText,
  parseAccountEvent,
  isSentinelEventType,
  Topics,
  validateAccountEvent,
} from '@sentinel/contracts';
import { groupId, physicalTopic, skippedCause } from '@sentinel/messaging';
import { isolatedPrefix, PipelineHarness, pollUntil, testKafka } from '@sentinel/testing';
import { compressedBatch, contentType, gatewayBody, kafkaMessage, reusedIdMessages } from '@sentinel/testing/fuzz-arbitraries';
import fc from 'fast-check';
import type { Admin, Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/**
 * Random events, through the gateway and straight onto the topic, against the compiled gateway and
 * detector. Whatever arrives, every partition's committed offset reaches the log end, every message
 * is either recorded (valid by the contract) or dead-lettered once with the contract's code (not),
 * never both, and the detector stays ready. An event is its account and id: one id on two accounts
 * is two events, both recorded; under one account and id, the first content recorded stands, the
 * same content again is dropped quietly, and other content is dead-lettered DUPLICATE_ID_CONFLICT. The gateway answers 2xx or a 4xx that names the
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
  return looseKey(value)?.id;
}

/** The account and id of a message, when it decodes to an object with strings a query can carry there. */
function looseKey(value: Buffer | null): { accountId?: string; id: string } | undefined {
  try {
    const { id, accountId } = (JSON.parse(value?.toString('utf8') ?? '') as { id?: unknown; accountId?: unknown } | null) ?? {};
    if (typeof id !== 'string' || findUnsafeText(id) !== undefined) return undefined;
    return { id, accountId: typeof accountId === 'string' && findUnsafeText(accountId) === undefined ? accountId : undefined };
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
    // Sentinel's own types are valid on the topic but refused over HTTP.
    return valid.ok && checkEventTime(valid.value, { now: new Date(), ...EVENT_TIME }).ok && !isSentinelEventType(valid.value.type);
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

/**
 * Whether two events are one event's content: equal but for the correlation id, which traces a
 * request (the gateway fills it per request, so a retry through it differs there alone).
 */
function sameContent(a: unknown, b: unknown): boolean {
  const content = (event: unknown) => ({ ...(event as object), correlationId: undefined });
  return isDeepStrictEqual(content(a), content(b));
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
   * Every valid event seen, by account and id: a mutated or reused id may repeat an earlier one on
   * its account; the first of them to commit is recorded, and the others are either the same content
   * (a redelivery, dropped) or DUPLICATE_ID_CONFLICT.
   */
  const validByKey = new Map<string, AccountEvent[]>();
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
    for (const { parsed } of judged) if (parsed.ok) validByKey.set(eventKey(parsed.value), [...(validByKey.get(eventKey(parsed.value)) ?? []), parsed.value]);
    const ids = [...new Set(judged.map(({ message, parsed }) => (parsed.ok ? parsed.value.id : looseId(message.value))).filter((id) => id !== undefined))];
    const rows: { account_id: string; id: string; body: unknown }[] = await harness.db.query(`SELECT account_id, id, body FROM account_event WHERE id = ANY($1)`, [ids]);
    const recorded = new Map(rows.map((row) => [eventKey({ accountId: row.account_id, id: row.id }), row.body]));
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
      if (parsed.ok) {
        const key = eventKey(parsed.value);
        const name = `valid event ${parsed.value.accountId}/${parsed.value.id} at ${at}`;
        const body = recorded.get(key);
        if (body === undefined) {
          problems.push(`${name} was not recorded${dead.length ? `, and was dead-lettered: ${said}` : ''}`);
          continue;
        }
        if (!validByKey.get(key)!.some((sent) => isDeepStrictEqual(body, sent))) problems.push(`${name} was recorded as ${summarize(body)}, not as any event sent under its key`);
        if (sameContent(body, parsed.value)) {
          // The event recorded, or the same content again (a redelivery, dropped quietly).
          count(validByKey.get(key)!.length > 1 ? 'recorded or redelivered under a reused key' : 'recorded');
          if (dead.length) problems.push(`${name} was recorded and dead-lettered: ${said}`);
        } else {
          count('dead-lettered DUPLICATE_ID_CONFLICT');
          if (dead.length === 0) problems.push(`${name} reused its account's id with other content and vanished (no DUPLICATE_ID_CONFLICT)`);
          else if (dead.some((d) => d.headers[DLQ_HEADERS.code] !== 'DUPLICATE_ID_CONFLICT')) problems.push(`${name} was dead-lettered as ${said}, expected DUPLICATE_ID_CONFLICT`);
        }
      } else {
        count(`dead-lettered ${parsed.error.code}`);
        // More than once is allowed: a batch that fails after dead-lettering (two partitions racing
        // on one account's numbers, when a producer does not key by account) is delivered again.
        if (dead.length === 0) problems.push(`invalid message at ${at} (${parsed.error.code}) was neither recorded nor dead-lettered`);
        else if (dead.some((d) => d.headers[DLQ_HEADERS.code] !== parsed.error.code)) problems.push(`message at ${at} was dead-lettered as ${said}, expected ${parsed.error.code}`);
        // No account, no record: only a message naming one can have been recorded by mistake.
        const loose = looseKey(message.value);
        const key = loose?.accountId !== undefined ? eventKey({ accountId: loose.accountId, id: loose.id }) : undefined;
        if (key !== undefined && !validByKey.has(key) && recorded.has(key))
          problems.push(`invalid message at ${at} was recorded as ${loose!.accountId}/${loose!.id} and dead-lettered`);
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
      const messages = fc
        .array(fc.oneof({ weight: 6, arbitrary: kafkaMessage.map((message) => [message]) }, { weight: 1, arbitrary: reusedIdMessages }), { minLength: 1, maxLength: 10 })
        .map((groups) => groups.flat());
      await fuzz(messages, async (batch) => {
        await producer.send({ topic: eventsTopic, messages: batch });
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

  it('records an id reused on another account as its own event, dead-letters one reused on its account with other content, and refuses repeated channels, through the gateway (issue 22)', async () => {
    const tag = randomUUID().slice(0, 8);
    const [victim, other] = [`acc-victim-${tag}`, `acc-other-${tag}`];
    const id = `evt-reused-${tag}`;
    const at = new Date(Date.now() - 60_000).toISOString();
    const event = (accountId: string, type: string, payload: object) => ({
      id,
      schemaVersion: 1,
      type,
      accountId,
      occurredAt: at,
      channel: 'app',
      actor: { kind: 'borrower' },
      payload,
    });
    const post = async (body: unknown) => {
      const response = await harness.gateway('/v1/events', API_KEY, body);
      return { status: response.status, body: jsonOrNothing(await response.text()) };
    };
    // Before: both 202, and the victim's card.unbound vanished: no row, no dead letter.
    expect(await post(event(other, 'device.login', { method: 'otp' }))).toMatchObject({ status: 202, body: { ids: [id] } });
    expect(await post(event(victim, 'card.unbound', { card: { ref: 'card-1', last4: '1234' } }))).toMatchObject({ status: 202, body: { ids: [id] } });
    // The same again is a redelivery; other content on the victim's account under that id is a conflict.
    expect((await post(event(victim, 'card.unbound', { card: { ref: 'card-1', last4: '1234' } }))).status).toBe(202);
    expect((await post(event(victim, 'password.reset', { method: 'sms' }))).status).toBe(202);
    expect(await post({ ...event(victim, 'preferences.updated', { channels: Array.from({ length: 7000 }, () => 'email') }), id: `evt-prefs-${tag}` })).toMatchObject({
      status: 400,
      body: { message: 'payload.channels: channels may hold at most 2 values; got 7000' },
    });
    await expectPipelineWhole();
    expect(await harness.db.query(`SELECT account_id, type FROM account_event WHERE id = $1 ORDER BY account_id`, [id])).toEqual([
      { account_id: other, type: 'device.login' },
      { account_id: victim, type: 'card.unbound' },
    ]);
    const conflicts = dlq.messages.filter((m) => m.headers[DLQ_HEADERS.code] === 'DUPLICATE_ID_CONFLICT' && looseId(m.value) === id);
    expect(conflicts).toHaveLength(1);
    expect(JSON.parse(conflicts[0].value!.toString())).toMatchObject({ accountId: victim, type: 'password.reset' });
    expect(conflicts[0].headers[DLQ_HEADERS.recordedContentHash]).toMatch(/^[0-9a-f]{64}$/);
    expect(conflicts[0].headers[DLQ_HEADERS.contentHash]).not.toBe(conflicts[0].headers[DLQ_HEADERS.recordedContentHash]);
  }, 60_000);
});
