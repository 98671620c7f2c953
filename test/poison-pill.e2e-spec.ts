import { DLQ_HEADERS, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import { anEvent, isolatedPrefix, PipelineHarness, pollUntil, readTopic, testKafka } from '@sentinel/testing';
import type { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The attacker's one odd event, against the compiled detector: it must be set aside with its
 * reason and never stop the partition; a partition that really cannot move must show in readiness
 * and metrics, be logged once with a count, and never put the batch's personal data in the log.
 */
describe('poison pills: no single event stops detection', () => {
  const prefix = isolatedPrefix();
  let harness: PipelineHarness;
  let kafka: Kafka;
  let producer: Producer;
  const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);

  const send = (accountId: string, values: (object | string)[]) =>
    producer.send({ topic, messages: values.map((value) => ({ key: accountId, value: typeof value === 'string' ? value : JSON.stringify(value) })) });
  const recorded = async (ids: string[]) => (await harness.db.query<{ id: string }[]>(`SELECT id FROM account_event WHERE id = ANY($1)`, [ids])).map((r) => r.id).sort();
  const ready = async () => (await fetch(`${harness.url('detector')}/health/ready`)).status;
  const metric = async (name: string) => {
    const text = await (await fetch(`${harness.url('detector')}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };

  /** Makes Postgres raise `sqlstate` for the given event ids while `run` lasts. */
  async function refuse(ids: string[], sqlstate: string, run: () => Promise<void>): Promise<void> {
    const fn = `refuse_${randomUUID().slice(0, 8)}`;
    await harness.db.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.id = ANY (ARRAY[${ids.map((id) => `'${id}'`).join(',')}]) THEN RAISE EXCEPTION 'refused by test' USING ERRCODE = '${sqlstate}'; END IF;
         RETURN NEW; END $$`,
    );
    await harness.db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON account_event FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await run();
    } finally {
      await harness.db.query(`DROP TRIGGER ${fn} ON account_event`);
      await harness.db.query(`DROP FUNCTION ${fn}()`);
    }
  }

  beforeAll(async () => {
    harness = await new PipelineHarness(['detector'], { KAFKA_TOPIC_PREFIX: prefix, CONSUMER_STALL_MS: '3000', KAFKA_COMMIT_INTERVAL_MS: '0' }, 'poison-pill-logs').start();
    kafka = await testKafka(prefix);
    producer = kafka.producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await harness?.stop();
  });

  it('dead-letters a NUL holder name and a lone surrogate as INVALID_EVENT, and records the events behind them on the same partition', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const nul = anEvent('card.unbound', { accountId, payload: { card: { ref: 'c-1', last4: '1234', holderName: 'Li\u0000Wei' } } });
    const surrogate = anEvent('card.bound', { accountId, payload: { card: { ref: 'c-2', last4: '4321', issuer: 'Bank \ud800' } } });
    const after = anEvent('device.login', { accountId });
    await send(accountId, [nul, surrogate, after]);

    await pollUntil(async () => (await recorded([after.id])).length === 1, { timeoutMs: 30_000, what: 'the event behind the poison recorded' });
    const dlq = await readTopic(kafka, physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq), 2);
    expect(dlq.map((m) => [m.headers?.[DLQ_HEADERS.code]?.toString(), (JSON.parse(m.value!.toString()) as { id: string }).id])).toEqual([
      ['INVALID_EVENT', nul.id],
      ['INVALID_EVENT', surrogate.id],
    ]);
    expect(await recorded([nul.id, surrogate.id])).toEqual([]);
    expect(await ready()).toBe(200);
  });

  it('sets aside an event Postgres refuses as UNPROCESSABLE, with the database reason, and goes on', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const [before, poison, after] = [anEvent('device.login', { accountId }), anEvent('card.bound', { accountId }), anEvent('device.login', { accountId })];
    await refuse([poison.id], '22P05', async () => {
      await send(accountId, [before, poison, after]);
      await pollUntil(async () => (await recorded([before.id, after.id])).length === 2, { timeoutMs: 30_000, what: 'the good events recorded' });
    });
    const letters = await readTopic(kafka, physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq), 3);
    const letter = letters.find((m) => (JSON.parse(m.value!.toString()) as { id: string }).id === poison.id)!;
    expect(letter.headers?.[DLQ_HEADERS.code]?.toString()).toBe('UNPROCESSABLE');
    expect(letter.headers?.[DLQ_HEADERS.reason]?.toString()).toBe('UNPROCESSABLE: refused by test (SQLSTATE 22P05)');
    expect(await metric('sentinel_detector_dead_letters_total{code="UNPROCESSABLE"')).toBe(1);
    expect(await ready()).toBe(200);
  });

  it('shows a partition that cannot move in readiness and metrics, logs it once with a count and without the batch’s data, and recovers', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const phone = '+8613912345678';
    const stuck = anEvent('contact.changed', { accountId, payload: { kind: 'phone', value: phone } });
    const logBefore = readFileSync(harness.services.detector.logFile, 'utf8').length;
    // A serialization failure is one a retry may cure, so the detector keeps trying: the partition stays put.
    await refuse([stuck.id], '40001', async () => {
      await send(accountId, [stuck]);
      await pollUntil(async () => (await ready()) === 503, { timeoutMs: 30_000, what: 'readiness to fail on the stalled partition' });
      const body = (await (await fetch(`${harness.url('detector')}/health/ready`)).json()) as { error: Record<string, unknown> };
      expect(body.error.consumer).toMatchObject({ status: 'down', stalled: [expect.objectContaining({ topic: Topics.accountEvents })] });
      expect(await metric('sentinel_consumer_stalled_partitions')).toBe(1);
      await pollUntil(async () => (await metric('sentinel_consumer_batch_failures_total')) >= 4, { timeoutMs: 30_000, what: 'four failed deliveries' });
    });
    await pollUntil(async () => (await recorded([stuck.id])).length === 1, { timeoutMs: 60_000, what: 'the stuck event recorded once Postgres takes it' });
    await pollUntil(async () => (await ready()) === 200, { timeoutMs: 10_000, what: 'readiness to pass again' });

    const log = readFileSync(harness.services.detector.logFile, 'utf8').slice(logBefore);
    const failures = log.split('\n').filter((line) => line.includes('batch failed'));
    expect(failures).toHaveLength(1);
    expect(JSON.parse(failures[0])).toMatchObject({ error: { type: 'QueryFailedError', message: 'refused by test', code: '40001' } });
    // Said once by the transport and once in kafkajs' crash after its retries, not once per retry.
    expect(log.split('\n').filter((line) => line.includes('refused by test')).length).toBeLessThanOrEqual(2);
    expect(log).toMatch(/batch got through after failing.*"repeated":[3-9]/);
    expect(log).not.toContain('13912345678');
    expect(log).not.toContain('parameters');
  });
});
