import { DLQ_HEADERS, MAX_EVENT_BYTES, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import { anEvent, isolatedPrefix, javaProduce, PipelineHarness, pollUntil, readTopic, testKafka, testKafkaSettings } from '@sentinel/testing';
import { CompressionTypes, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const API_KEY = 'e2e-oversize-key-0123456789abcdef';

/**
 * Issue #22's size and compression attacks, reproduced against the compiled gateway and detector:
 * none may stop a partition, every message is recorded or dead-lettered within the broker's
 * limits, and one sender's oversized request fails no one else's.
 */
describe('oversize: no message size or compression stops a partition', () => {
  const prefix = isolatedPrefix();
  const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
  const dlqTopic = physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq);
  let harness: PipelineHarness;
  let kafka: Kafka;
  let producer: Producer;
  let dlq: KafkaMessage[] = [];

  const recorded = async (ids: string[]) => (await harness.db.query<{ id: string }[]>(`SELECT id FROM account_event WHERE id = ANY($1)`, [ids])).map((r) => r.id).sort();
  const ready = async () => (await fetch(`${harness.url('detector')}/health/ready`)).status;
  const post = (body: unknown) =>
    fetch(`${harness.url('gateway')}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify(body) });
  /** The dead letters so far (the topic is read afresh until `count` are there). */
  const deadLetters = async (count: number) => (dlq = await readTopic(kafka, dlqTopic, count, 60_000));
  const lettersFor = (key: string) => dlq.filter((m) => m.key?.toString() === key);

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['gateway', 'detector'],
      { KAFKA_TOPIC_PREFIX: prefix, INGEST_API_KEYS: `e2e:${API_KEY}`, CONSUMER_STALL_MS: '5000' },
      'oversize-logs',
    ).start();
    kafka = await testKafka(prefix);
    producer = kafka.producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await harness?.stop();
  });

  it('given one gzip message that decompresses to 5 MiB straight onto the topic, then it is dead-lettered OVERSIZED by reference and the event behind it is recorded', async () => {
    const accountId = `acc-gz-${randomUUID().slice(0, 8)}`;
    const after = anEvent('device.login', { accountId });
    const bomb = JSON.stringify({ ...anEvent('device.login', { accountId }), padding: 'A'.repeat(5 * 1024 * 1024) });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ key: accountId, value: bomb }] });
    await producer.send({ topic, messages: [{ key: accountId, value: JSON.stringify(after) }] });

    await pollUntil(async () => (await recorded([after.id])).length === 1, { timeoutMs: 60_000, what: 'the event behind the 5 MiB message recorded' });
    await deadLetters(1);
    const [letter] = lettersFor(accountId);
    expect(letter.headers?.[DLQ_HEADERS.code]?.toString()).toBe('OVERSIZED');
    // Read through once, within the process's allowance for lone oversized records, and named by size and hash.
    expect(Number(letter.headers?.[DLQ_HEADERS.originalBytes]?.toString())).toBeGreaterThan(5 * 1024 * 1024);
    expect(letter.headers?.[DLQ_HEADERS.originalSha256]?.toString()).toMatch(/^[0-9a-f]{64}$/);
    expect(letter.value?.length ?? 0).toBeLessThanOrEqual(4 * 1024);
    expect(await ready()).toBe(200);
  });

  it('given 75 events of 65 KiB in one batch (4.8 MB of dead letters), then every one is dead-lettered within the limits, logged once, and the partition moves on', async () => {
    const accountId = `acc-75-${randomUUID().slice(0, 8)}`;
    const logBefore = readFileSync(harness.services.detector.logFile, 'utf8').length;
    const big = Array.from({ length: 75 }, () => JSON.stringify({ ...anEvent('device.login', { accountId }), padding: 'B'.repeat(MAX_EVENT_BYTES + 1024) }));
    const after = anEvent('device.login', { accountId });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [...big, JSON.stringify(after)].map((value) => ({ key: accountId, value })) });

    await pollUntil(async () => (await recorded([after.id])).length === 1, { timeoutMs: 60_000, what: 'the event behind 75 oversized ones recorded' });
    await deadLetters(76);
    const letters = lettersFor(accountId);
    expect(letters).toHaveLength(75);
    expect(new Set(letters.map((m) => `${m.headers?.[DLQ_HEADERS.code]?.toString()} ${m.headers?.[DLQ_HEADERS.valueKept]?.toString()}`))).toEqual(new Set(['OVERSIZED prefix']));
    const log = readFileSync(harness.services.detector.logFile, 'utf8').slice(logBefore);
    const said = log.split('\n').filter((line) => line.includes('dead-lettered invalid events') && line.includes('OVERSIZED'));
    expect(said.reduce((sum, line) => sum + (JSON.parse(line) as { count: number }).count, 0)).toBe(75);
    expect(said.length).toBeLessThanOrEqual(3);
    expect(log).not.toContain('batch failed');
    expect(await ready()).toBe(200);
  });

  it('given zstd, lz4 and snappy batches from the Java client, then their events are recorded and the consumer never stops', async () => {
    const accountId = `acc-java-${randomUUID().slice(0, 8)}`;
    const events = (['zstd', 'lz4', 'snappy'] as const).map((codec) => ({ codec, event: anEvent('device.login', { accountId }) }));
    for (const { codec, event } of events) await javaProduce(testKafkaSettings().brokers.join(','), topic, codec, [{ key: accountId, value: JSON.stringify(event) }]);
    await pollUntil(async () => (await recorded(events.map((e) => e.event.id))).length === 3, { timeoutMs: 60_000, what: 'the compressed events recorded' });
    expect(await ready()).toBe(200);
  });

  it('given an event the detector would refuse for its size, then the gateway refuses it with a 4xx naming it, and nothing reaches the topic', async () => {
    const accountId = `acc-gw-${randomUUID().slice(0, 8)}`;
    const junk = { ...anEvent('preferences.updated', { accountId }), payload: { channels: Array<'sms'>(12_000).fill('sms') } };
    const response = await post({ events: [anEvent('device.login', { accountId }), junk] });
    expect([400, 413]).toContain(response.status);
    expect(((await response.json()) as { message: string }).message).toMatch(/^events\[1\]/);
  });

  it('given eight concurrent requests of about 1 MB and an unrelated small one, then every one is taken, and the small one is recorded', async () => {
    const run = randomUUID().slice(0, 8);
    // 500 events of about 1.6 KB each (4-byte characters in every free-text field): about 0.8 MB a request.
    const wide = '\u{1F600}';
    const bodies = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 500 }, () => {
        const event = anEvent('card.unbound', { accountId: `acc-big-${run}-${i}` });
        return { ...event, payload: { ...event.payload, reason: wide.repeat(200), card: { ...event.payload.card, holderName: wide.repeat(64), issuer: wide.repeat(64) } } };
      }),
    );
    const small = anEvent('device.login', { accountId: `acc-small-${run}` });
    const responses = await Promise.all([...bodies.map((events) => post({ events })), post(small)]);
    expect(responses.map((r) => r.status)).toEqual(Array(9).fill(202));
    await pollUntil(async () => (await recorded([small.id])).length === 1, { timeoutMs: 30_000, what: 'the small request recorded' });
  });
});
