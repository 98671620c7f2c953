import { DLQ_HEADERS, eventContentHash, Topics } from '@sentinel/contracts';
import { type IncomingBatch, KafkaPublisherDriver, OutboxRelay, physicalTopic } from '@sentinel/messaging';
import { createRegistry } from '@sentinel/service-kit';
import { anEvent, isolatedPrefix, pollUntil, readTopic, testDataSource, testEnv, testKafka, testKafkaSettings } from '@sentinel/testing';
import type { KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DetectBatchService } from './detect-batch.service';
import { detectorUnderTest } from './detect-batch.test-kit';
import { DetectorMetrics } from './detector.metrics';
import { LiveRuleSet } from './live-rule-set';
import { DataSourceTransactions, RuleSetRepository } from '@sentinel/persistence';

function batchOf(values: (Buffer | string | object)[]): IncomingBatch {
  const messages = values.map((value, i) => ({
    key: Buffer.from('k'),
    value: Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    offset: String(i),
    timestamp: String(Date.now()),
    attributes: 0,
    headers: {},
  }));
  return { topic: Topics.accountEvents, partition: 0, messages, heartbeat: () => Promise.resolve() };
}

describe('DetectBatchService against Postgres and Kafka', () => {
  let dataSource: DataSource;
  /** The owner's connection, which alone may install the triggers that inject faults. */
  let owner: DataSource;
  let publisher: KafkaPublisherDriver;
  let service: DetectBatchService;
  let relay: OutboxRelay;
  const prefix = isolatedPrefix();

  let ruleSets: LiveRuleSet;
  /** One detector instance: its own metrics and its own states in memory. */
  const instance = (snapshotEvery = 50, sendsTo = publisher) => detectorUnderTest({ dataSource, publisher: sendsTo, relay, ruleSets }, { snapshotEvery });

  beforeAll(async () => {
    dataSource = await testDataSource();
    owner = await testDataSource(testEnv().ownerDatabaseUrl);
    const kafka = await testKafka(prefix);
    publisher = new KafkaPublisherDriver(kafka, testKafkaSettings(prefix));
    relay = new OutboxRelay(dataSource, publisher);
    ruleSets = new LiveRuleSet(new DataSourceTransactions(dataSource), new RuleSetRepository(dataSource), { ruleSetPollMs: 60_000 }, new DetectorMetrics(createRegistry('test')));
    await ruleSets.refresh();
    service = instance().detector;
  });

  afterAll(async () => {
    await relay.stop();
    await publisher.disconnect();
    await dataSource.destroy();
    await owner.destroy();
  });

  it('opens one case with its hit and alert for an unbind from an unknown device, once', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const events = [
      anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:00:00Z' }),
      anEvent('card.bound', { accountId, occurredAt: '2026-10-01T08:01:00Z' }),
      anEvent('card.unbound', { accountId, device: { id: 'laptop-x' }, correlationId: 'corr-1', occurredAt: '2026-11-20T10:00:00Z' }),
    ];
    await service.handle(batchOf(events));
    // Redelivery of the same batch (a crash before the offset commit) changes nothing.
    await service.handle(batchOf(events));

    const cases = await dataSource.query<{ id: string; decision: string; score: number; rule_set_version: number; correlation_id: string | null }[]>(
      `SELECT id, decision, score, rule_set_version, correlation_id FROM fraud_case WHERE account_id = $1`,
      [accountId],
    );
    expect(cases).toEqual([{ id: expect.any(String) as unknown, decision: 'alert', score: 62, rule_set_version: expect.any(Number) as unknown, correlation_id: 'corr-1' }]);
    const hits = await dataSource.query<{ rule_id: string; device: string | null }[]>(`SELECT rule_id, evidence->>'deviceId' AS device FROM rule_hit WHERE case_id = $1`, [
      cases[0].id,
    ]);
    expect(hits).toEqual([{ rule_id: 'unbind.unknown-device', device: 'laptop-x' }]);
    const outbox = await dataSource.query<{ topic: string; payload: unknown }[]>(`SELECT topic, payload FROM outbox WHERE message_key = $1 ORDER BY id`, [accountId]);
    // A step-up: the borrower is asked, and the platform holds what the unbind moves, the card binding.
    expect(outbox.map((o) => o.topic)).toEqual(['account.alerts', 'account.actions']);
    expect(outbox[0].payload).toMatchObject({ caseId: cases[0].id, decision: 'alert', event: { cardMasked: '622202******1234' } });
    // No reset went through any contact: the question may go to either.
    expect(outbox[0].payload).not.toHaveProperty('untrustedChannels');
    expect(outbox[1].payload).toMatchObject({ caseId: cases[0].id, reason: 'step_up', recommendations: ['hold_card_binding'] });
    const stored = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM account_event WHERE account_id = $1`, [accountId]);
    expect(stored).toEqual([{ n: 3 }]);
  });

  it('names the mailbox an unknown device asked a password reset through on the step-up it raises, for the notifier to ask elsewhere', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const laptop = { id: 'laptop-m', ip: '203.0.113.45' };
    const events = [
      anEvent('device.login', { accountId, occurredAt: '2026-01-05T08:00:00Z' }),
      anEvent('contact.changed', { accountId, occurredAt: '2026-01-05T08:01:00Z', payload: { kind: 'email', value: 'li.na@example.com' } }),

      anEvent('device.login', { accountId, occurredAt: '2026-11-10T08:00:00Z' }),
      ...['2026-03-01', '2026-06-01'].map((day, i) =>
        anEvent('loan.opened', { accountId, occurredAt: `${day}T09:00:00Z`, payload: { loanId: `old-${i}`, amountMinor: 100_000, currency: 'CNY' } }),
      ),
      anEvent('password.reset', { accountId, device: laptop, occurredAt: '2026-11-18T09:00:00Z', payload: { method: 'email' } }),
      // Cash drawn in slices from the borrower's own phone: a doubt about what is done, a step-up.
      ...['2026-11-19', '2026-11-20', '2026-11-21'].map((day, i) =>
        anEvent('loan.opened', { accountId, occurredAt: `${day}T09:00:00Z`, payload: { loanId: `new-${i}`, amountMinor: 150_000, currency: 'CNY' } }),
      ),
    ];
    await service.handle(batchOf(events));
    const alerts = await dataSource.query<{ payload: { decision: string; untrustedChannels?: string[] } }[]>(
      `SELECT payload FROM outbox WHERE message_key = $1 AND topic = 'account.alerts' AND payload->>'kind' = 'fraud' ORDER BY id`,
      [accountId],
    );
    expect(alerts.map((a) => [a.payload.decision, a.payload.untrustedChannels])).toEqual([['alert', ['email']]]);
  });

  it('handles an event that appears twice in one batch once, keeping the current contact', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const email = anEvent('contact.changed', { accountId, occurredAt: '2026-10-01T08:00:00Z', payload: { kind: 'email', value: `${accountId}@example.com` } });
    const login = anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:01:00Z' });
    const unbind = anEvent('card.unbound', { accountId, device: { id: 'laptop-x' }, occurredAt: '2026-11-20T10:00:00Z' });
    // As a producer retrying after a lost acknowledgement sends them: the same events again, same batch.
    await service.handle(batchOf([email, login, email, unbind, unbind]));

    const contacts = await dataSource.query<{ kind: string; valid_to: Date | null }[]>(`SELECT kind, valid_to FROM account_contact WHERE account_id = $1`, [accountId]);
    expect(contacts).toEqual([{ kind: 'email', valid_to: null }]);
    const hits = await dataSource.query<{ rule_id: string }[]>(`SELECT h.rule_id FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1`, [accountId]);
    expect(hits).toEqual([{ rule_id: 'unbind.unknown-device' }]);
    // Each folded once: rebuilt from what is stored (no snapshot yet for a new account, so its
    // events from the empty state), the state has seen three events.
    const rebuilt = await dataSource.transaction((db) => instance().states.read(db, [accountId]));
    expect(rebuilt.get(accountId)!.state.eventCount).toBe(3);
    expect(await dataSource.query(`SELECT 1 FROM account_state WHERE account_id = $1`, [accountId])).toEqual([]);
  });

  it('joins the open case instead of opening a second one', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    await service.handle(
      batchOf([
        anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:00:00Z' }),
        anEvent('card.unbound', { accountId, device: { id: 'x-1' }, occurredAt: '2026-11-20T10:00:00Z' }),
        anEvent('card.unbound', { accountId, device: { id: 'x-2' }, occurredAt: '2026-11-20T10:05:00Z' }),
      ]),
    );
    const [{ cases, hits }] = await dataSource.query<{ cases: number; hits: number }[]>(
      `SELECT count(DISTINCT c.id)::int AS cases, count(h.id)::int AS hits FROM fraud_case c JOIN rule_hit h ON h.case_id = c.id WHERE c.account_id = $1`,
      [accountId],
    );
    expect({ cases, hits }).toEqual({ cases: 1, hits: 2 });
  });

  const count = async (metric: { get(): Promise<{ values: { labels: Partial<Record<string, string | number>>; value: number }[] }> }) =>
    Object.fromEntries((await metric.get()).values.map((v) => [String(v.labels.outcome ?? 'total'), v.value]));

  it('works from the states it holds, and rebuilds one another instance moved on since (a rebalance)', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const a = instance();
    const b = instance();
    await a.detector.handle(batchOf([anEvent('device.login', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:00:00Z' })]));
    await a.detector.handle(batchOf([anEvent('card.bound', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:01:00Z' })]));
    expect(await count(a.metrics.stateCache)).toEqual({ hit: 1, miss: 0 });

    // The partition moves to b, which learns a second device over a week, and back to a.
    await b.detector.handle(
      batchOf([
        anEvent('device.login', { accountId, device: { id: 'phone-2' }, occurredAt: '2026-10-02T08:00:00Z' }),
        anEvent('device.login', { accountId, device: { id: 'phone-2' }, occurredAt: '2026-10-09T08:00:00Z' }),
      ]),
    );
    expect(await count(b.metrics.stateCache)).toEqual({ hit: 0, miss: 1 });
    expect(await count(b.metrics.stateReplayed)).toEqual({ total: 2 });
    await a.detector.handle(batchOf([anEvent('card.unbound', { accountId, device: { id: 'phone-2' }, occurredAt: '2026-10-09T09:00:00Z' })]));
    expect(await count(a.metrics.stateCache)).toEqual({ hit: 1, miss: 1 });
    expect(await count(a.metrics.stateReplayed)).toEqual({ total: 4 });
    // Had a used what it held, phone-2 would be unknown to it and the unbind a hit.
    const hits = await dataSource.query<{ rule_id: string }[]>(`SELECT h.rule_id FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1`, [accountId]);
    expect(hits).toEqual([]);
    // Nothing but events was written for the state: five events are no snapshot's worth, and heads are the events' numbers.
    expect(await dataSource.query(`SELECT 1 FROM account_state WHERE account_id = $1`, [accountId])).toEqual([]);
    expect(await count(a.metrics.snapshots)).toEqual({ total: 0 });
  });

  it('rebuilds from the snapshot and the events after it the same state it held in memory', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const a = instance(5);
    const events = [
      anEvent('device.login', { accountId, device: { id: 'phone-1', ip: '198.51.100.1' }, occurredAt: '2026-10-01T08:00:00Z' }),
      anEvent('card.bound', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:01:00Z' }),
      anEvent('contact.changed', { accountId, payload: { kind: 'phone', value: '+8613800000009' }, occurredAt: '2026-10-02T08:00:00Z' }),
      anEvent('device.login', { accountId, device: { id: 'tablet-2', ip: '198.51.100.2' }, occurredAt: '2026-10-03T08:00:00Z' }),
      anEvent('loan.opened', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-04T08:00:00Z' }),
      anEvent('device.login', { accountId, device: { id: 'phone-1', ip: '198.51.100.3' }, occurredAt: '2026-10-05T08:00:00Z' }),
      anEvent('card.unbound', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-06T08:00:00Z' }),
    ];
    // One or two at a time, one redelivered: numbers 1–8 with a gap at 3; the new account's row
    // starts from the empty state, a snapshot at 5 (five past it), events 6–8 after it.
    await a.detector.handle(batchOf(events.slice(0, 2)));
    await a.detector.handle(batchOf([events[1], events[2]]));
    for (const event of events.slice(3)) await a.detector.handle(batchOf([event]));
    expect(await count(a.metrics.snapshots)).toEqual({ total: 1 });

    const held = await dataSource.transaction((db) => a.states.read(db, [accountId]));
    const fresh = instance(5);
    const rebuilt = await dataSource.transaction((db) => fresh.states.read(db, [accountId]));
    expect(await count(a.metrics.stateCache)).toEqual({ hit: 6, miss: 0 });
    expect(await count(fresh.metrics.stateReplayed)).toEqual({ total: 3 });
    expect(rebuilt.get(accountId)).toEqual(held.get(accountId));
    expect(held.get(accountId)!.state.eventCount).toBe(7);
  });

  it('keeps holding a state through a batch of nothing but redelivered events', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const a = instance();
    const login = anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:00:00Z' });
    await a.detector.handle(batchOf([login]));
    await a.detector.handle(batchOf([login]));
    await a.detector.handle(batchOf([anEvent('card.bound', { accountId, occurredAt: '2026-10-01T08:01:00Z' })]));
    expect(await count(a.metrics.stateCache)).toEqual({ hit: 2, miss: 0 });
    expect(await count(a.metrics.events)).toMatchObject({ processed: 2, duplicate: 1 });
  });

  it('forgets what a failed batch folded into the states it held, and rebuilds them from what is stored', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const a = instance();
    await a.detector.handle(batchOf([anEvent('device.login', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:00:00Z' })]));
    const retried = batchOf([
      anEvent('device.login', { accountId, device: { id: 'phone-2' }, occurredAt: '2026-10-02T08:00:00Z' }),
      anEvent('contact.changed', { accountId, payload: { kind: 'email', value: 'a@example.com' }, occurredAt: '2026-10-02T08:01:00Z' }),
    ]);
    // Postgres refuses this account's contact, written after the batch has folded its events in.
    const fn = `refuse_${accountId.replace(/-/g, '_')}`;
    await owner.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.account_id = '${accountId}' THEN RAISE EXCEPTION 'disk full' USING ERRCODE = '53100'; END IF; RETURN NEW; END $$`,
    );
    await owner.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON account_contact FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await expect(a.detector.handle(retried)).rejects.toThrow('disk full');
    } finally {
      await owner.query(`DROP TRIGGER ${fn} ON account_contact`);
      await owner.query(`DROP FUNCTION ${fn}()`);
    }
    await a.detector.handle(retried);
    // The failed attempt took the held state; the retry found none and rebuilt it.
    expect(await count(a.metrics.stateCache)).toEqual({ hit: 1, miss: 1 });
    const loaded = await dataSource.transaction((db) => instance().states.read(db, [accountId]));
    expect(loaded.get(accountId)).toMatchObject({ headSeq: 3, state: { eventCount: 3 } });
    expect(loaded.get(accountId)!.state.recent.map((t) => t.type)).toEqual(['device.login', 'device.login', 'contact.changed']);
  });

  /** Makes Postgres refuse, as a data error, any event row whose id is given. */
  async function refuseEvents(ids: string[], run: () => Promise<void>): Promise<void> {
    const fn = `refuse_${randomUUID().slice(0, 8)}`;
    await owner.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.id = ANY (ARRAY[${ids.map((id) => `'${id}'`).join(',')}]) THEN
           RAISE EXCEPTION 'unsupported Unicode escape sequence' USING ERRCODE = '22P05';
         END IF; RETURN NEW; END $$`,
    );
    await owner.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON account_event FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await run();
    } finally {
      await owner.query(`DROP TRIGGER ${fn} ON account_event`);
      await owner.query(`DROP FUNCTION ${fn}()`);
    }
  }

  it('sets aside the events Postgres refuses as UNPROCESSABLE, with its reason, and detects every other event of the batch in order', async () => {
    const [victim, neighbour] = [`acc-${randomUUID().slice(0, 8)}`, `acc-${randomUUID().slice(0, 8)}`];
    const poison = anEvent('card.unbound', { accountId: victim, occurredAt: '2026-10-01T08:02:00Z' });
    const events = [
      anEvent('device.login', { accountId: victim, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:00:00Z' }),
      anEvent('device.login', { accountId: neighbour, occurredAt: '2026-10-01T08:00:30Z' }),
      anEvent('card.bound', { accountId: victim, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:01:00Z' }),
      poison,
      anEvent('contact.changed', { accountId: neighbour, payload: { kind: 'phone', value: '+8613800138000' }, occurredAt: '2026-10-01T08:03:00Z' }),
      anEvent('card.unbound', { accountId: victim, device: { id: 'laptop-x' }, occurredAt: '2026-10-01T08:04:00Z' }),
    ];
    const dlqPrefix = isolatedPrefix();
    const isolatedPublisher = new KafkaPublisherDriver(await testKafka(dlqPrefix), testKafkaSettings(dlqPrefix));
    const a = instance(50, isolatedPublisher);
    const { detector } = a;
    try {
      // Before: the batch failed the same way on every delivery, and the partition stopped behind it.
      await refuseEvents([poison.id], () => detector.handle(batchOf(events)));
      const dlq = await readTopic(await testKafka(dlqPrefix), physicalTopic({ topicPrefix: dlqPrefix }, Topics.accountEventsDlq), 1);
      expect(dlq).toHaveLength(1);
      expect(JSON.parse(dlq[0].value!.toString())).toMatchObject({ id: poison.id });
      expect(dlq[0].headers?.[DLQ_HEADERS.code]?.toString()).toBe('UNPROCESSABLE');
      expect(dlq[0].headers?.[DLQ_HEADERS.reason]?.toString()).toBe('UNPROCESSABLE: unsupported Unicode escape sequence (SQLSTATE 22P05)');
      expect(dlq[0].headers?.[DLQ_HEADERS.sourceOffset]?.toString()).toBe('3');
    } finally {
      await isolatedPublisher.disconnect();
    }
    const stored = await dataSource.query<{ id: string; account_seq: string }[]>(
      `SELECT id, account_seq FROM account_event WHERE account_id = ANY($1) ORDER BY account_id = $2 DESC, account_seq`,
      [[victim, neighbour], victim],
    );
    expect(stored.map((r: { id: string }) => r.id)).toEqual([events[0].id, events[2].id, events[5].id, events[1].id, events[4].id]);
    expect(stored.map((r: { account_seq: string }) => Number(r.account_seq))).toEqual([1, 2, 3, 1, 2]);
    // The events after the refused one were judged on a state that has the ones before it.
    const hits = await dataSource.query<{ rule_id: string }[]>(`SELECT h.rule_id FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1`, [victim]);
    expect(hits).toContainEqual({ rule_id: 'unbind.unknown-device' });
    expect(await count(a.metrics.deadLetters)).toEqual({ total: 1 });
  });

  it('dead-letters an event holding a NUL or an unpaired surrogate as INVALID_EVENT instead of handing it to Postgres', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const nul = anEvent('card.unbound', { accountId, payload: { card: { ref: 'c-1', last4: '1234', holderName: 'Li\u0000Wei' } } });
    const surrogate = anEvent('card.unbound', { accountId, payload: { card: { ref: 'c-2', last4: '1234' }, reason: 'x\ud800' } });
    const good = anEvent('device.login', { accountId });
    const dlqPrefix = isolatedPrefix();
    const isolatedPublisher = new KafkaPublisherDriver(await testKafka(dlqPrefix), testKafkaSettings(dlqPrefix));
    const a = instance(50, isolatedPublisher);
    const { detector } = a;
    try {
      // On the wire as JSON escapes, the way JSON.stringify writes them; JSON.parse turns them back into the characters.
      await detector.handle(batchOf([nul, surrogate, good]));
      const dlq = await readTopic(await testKafka(dlqPrefix), physicalTopic({ topicPrefix: dlqPrefix }, Topics.accountEventsDlq), 2);
      expect(dlq.map((m) => m.headers?.[DLQ_HEADERS.reason]?.toString())).toEqual([
        'INVALID_EVENT: payload.card.holderName: must not contain the NUL character (\\u0000)',
        'INVALID_EVENT: payload.reason: must not contain an unpaired surrogate (\\ud800); text must be valid Unicode',
      ]);
    } finally {
      await isolatedPublisher.disconnect();
    }
    expect(await dataSource.query(`SELECT id FROM account_event WHERE account_id = $1`, [accountId])).toEqual([{ id: good.id }]);
  });

  it('never forks an account: two instances that both think they own it fail one batch, which then retries', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const [a, b] = [instance(), instance()];
    const first = batchOf([anEvent('device.login', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:00:00Z' })]);
    const second = batchOf([anEvent('device.login', { accountId, device: { id: 'phone-2' }, occurredAt: '2026-10-01T09:00:00Z' })]);
    const outcomes = await Promise.allSettled([a.detector.handle(first), b.detector.handle(second)]);
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      expect(String(outcome.reason)).toMatch(/account_event_replay/);
      // As kafkajs does when a batch fails: the same batch again.
      await [a, b][i].detector.handle([first, second][i]);
    }
    const loaded = await dataSource.transaction((db) => instance().states.read(db, [accountId]));
    expect(loaded.get(accountId)).toMatchObject({ headSeq: 2, state: { eventCount: 2 } });
    expect(Object.keys(loaded.get(accountId)!.state.devices).sort()).toEqual(['phone-1', 'phone-2']);
  });

  it('records contact changes as the current contact, keeping the previous one', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    await service.handle(
      batchOf([
        anEvent('contact.changed', { accountId, payload: { kind: 'phone', value: '+8613800000001' }, occurredAt: '2026-11-01T00:00:00Z' }),
        anEvent('contact.changed', { accountId, payload: { kind: 'phone', value: '+8613800000002' }, occurredAt: '2026-11-02T00:00:00Z' }),
      ]),
    );
    const rows = await dataSource.query<{ value: string; current: boolean }[]>(`SELECT value, valid_to IS NULL AS current FROM account_contact WHERE account_id = $1 ORDER BY id`, [
      accountId,
    ]);
    expect(rows).toEqual([
      { value: '+8613800000001', current: false },
      { value: '+8613800000002', current: true },
    ]);
  });

  describe('event identity is per account', () => {
    /** A detector whose dead letters go to topics of their own, read back from the start. */
    const isolated = async () => {
      const dlqPrefix = isolatedPrefix();
      const isolatedPublisher = new KafkaPublisherDriver(await testKafka(dlqPrefix), testKafkaSettings(dlqPrefix));
      const a = instance(50, isolatedPublisher);
      const { detector } = a;
      const deadLetters = async (n: number) => readTopic(await testKafka(dlqPrefix), physicalTopic({ topicPrefix: dlqPrefix }, Topics.accountEventsDlq), n);
      return { detector, metrics: a.metrics, deadLetters, close: () => isolatedPublisher.disconnect() };
    };
    const storedOf = (accountId: string) =>
      dataSource.query<{ id: string; type: string }[]>(`SELECT id, type FROM account_event WHERE account_id = $1 ORDER BY account_seq`, [accountId]);

    it('records and judges an event whose id another account used first (the id no longer hides it)', async () => {
      const [victim, other] = [`acc-${randomUUID().slice(0, 8)}`, `acc-${randomUUID().slice(0, 8)}`];
      const reused = `evt-${randomUUID()}`;
      const { detector, metrics, close } = await isolated();
      try {
        await detector.handle(
          batchOf([
            anEvent('device.login', { accountId: victim, occurredAt: '2026-10-01T08:00:00Z' }),
            anEvent('card.bound', { accountId: victim, occurredAt: '2026-10-01T08:01:00Z' }),
            anEvent('device.login', { id: reused, accountId: other, occurredAt: '2026-10-01T08:02:00Z' }),
          ]),
        );
        // Before: 202 at the gateway, then nothing at all: no row, no hit, no dead letter.
        await detector.handle(batchOf([anEvent('card.unbound', { id: reused, accountId: victim, device: { id: 'laptop-x' }, occurredAt: '2026-11-20T10:00:00Z' })]));
        expect(await storedOf(victim)).toEqual([
          expect.objectContaining({ type: 'device.login' }),
          expect.objectContaining({ type: 'card.bound' }),
          { id: reused, type: 'card.unbound' },
        ]);
        expect(await storedOf(other)).toEqual([{ id: reused, type: 'device.login' }]);
        const hits = await dataSource.query<{ rule_id: string; event_id: string }[]>(
          `SELECT h.rule_id, h.event_id FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1`,
          [victim],
        );
        expect(hits).toEqual([{ rule_id: 'unbind.unknown-device', event_id: reused }]);
        expect(await count(metrics.deadLetters)).toEqual({});
      } finally {
        await close();
      }
    });

    it('dead-letters a reused id with other content on the same account as DUPLICATE_ID_CONFLICT with both hashes, keeps the first, and drops an identical redelivery quietly', async () => {
      const accountId = `acc-${randomUUID().slice(0, 8)}`;
      // occurredAt as the contract spells it, so that the hashes here are of the events as recorded.
      const first = anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:00:00.000Z' });
      const conflicting = anEvent('card.unbound', { id: first.id, accountId, occurredAt: '2026-10-01T08:05:00.000Z' });
      const { detector, metrics, deadLetters, close } = await isolated();
      try {
        await detector.handle(batchOf([first]));
        // A producer's retry re-sends the same event, here re-serialized with its keys in another order.
        await detector.handle(batchOf([JSON.stringify(Object.fromEntries(Object.entries(first).reverse()))]));
        await detector.handle(batchOf([conflicting]));
        const [letter] = await deadLetters(1);
        expect(JSON.parse(letter.value!.toString())).toMatchObject({ id: first.id, type: 'card.unbound' });
        expect(letter.headers?.[DLQ_HEADERS.code]?.toString()).toBe('DUPLICATE_ID_CONFLICT');
        const hash = eventContentHash(conflicting);
        const recordedHash = eventContentHash(first);
        expect(letter.headers?.[DLQ_HEADERS.contentHash]?.toString()).toBe(hash);
        expect(letter.headers?.[DLQ_HEADERS.recordedContentHash]?.toString()).toBe(recordedHash);
        expect(letter.headers?.[DLQ_HEADERS.reason]?.toString()).toBe(
          `DUPLICATE_ID_CONFLICT: event id ${first.id} is already recorded for this account with other content (recorded sha256 ${recordedHash}, this sha256 ${hash})`,
        );
        expect(await storedOf(accountId)).toEqual([{ id: first.id, type: 'device.login' }]);
        expect(await count(metrics.deadLetters)).toEqual({ total: 1 });
      } finally {
        await close();
      }
    });

    it('keeps the first of two events with one id and different content in one batch, and dead-letters the second', async () => {
      const accountId = `acc-${randomUUID().slice(0, 8)}`;
      const first = anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:00:00Z' });
      const second = anEvent('password.reset', { id: first.id, accountId, occurredAt: '2026-10-01T08:01:00Z' });
      const after = anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:02:00Z' });
      const { detector, deadLetters, close } = await isolated();
      try {
        await detector.handle(batchOf([first, first, second, after]));
        const [letter] = await deadLetters(1);
        expect(letter.headers?.[DLQ_HEADERS.code]?.toString()).toBe('DUPLICATE_ID_CONFLICT');
        expect(letter.headers?.[DLQ_HEADERS.sourceOffset]?.toString()).toBe('2');
        expect(await storedOf(accountId)).toEqual([
          { id: first.id, type: 'device.login' },
          { id: after.id, type: 'device.login' },
        ]);
      } finally {
        await close();
      }
    });
  });

  it('dead-letters invalid messages with their reason and original bytes, and processes the rest', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const garbage = Buffer.from('{"type": "card.unbound", oops');
    const good = anEvent('device.login', { accountId });
    await service.handle(batchOf([garbage, { ...anEvent('device.login'), accountId: 'a b' }, good]));

    const dlq = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountEventsDlq), 2);
    expect(dlq[0].value?.equals(garbage)).toBe(true);
    expect(dlq[0].headers?.[DLQ_HEADERS.code]?.toString()).toBe('MALFORMED_JSON');
    expect(dlq[1].headers?.[DLQ_HEADERS.reason]?.toString()).toMatch(/^INVALID_EVENT: accountId: accountId must be/);
    expect(dlq[1].headers?.[DLQ_HEADERS.sourceOffset]?.toString()).toBe('1');
    const stored = await dataSource.query<{ id: string }[]>(`SELECT id FROM account_event WHERE account_id = $1`, [accountId]);
    expect(stored).toEqual([{ id: good.id }]);
  });

  it('relays alert outbox rows to Kafka and marks them published', async () => {
    // Its own batch: two fresh borrowers each unbind a card from an unknown device, a step-up
    // each: an alert, and a hold beside it on account.actions.
    const accounts = [`acc-${randomUUID().slice(0, 8)}`, `acc-${randomUUID().slice(0, 8)}`];
    await service.handle(
      batchOf(
        accounts.flatMap((accountId) => [
          anEvent('device.login', { accountId, occurredAt: '2026-10-01T08:00:00Z' }),
          anEvent('card.bound', { accountId, occurredAt: '2026-10-01T08:01:00Z' }),
          anEvent('card.unbound', { accountId, device: { id: 'laptop-x' }, occurredAt: '2026-11-20T10:00:00Z' }),
        ]),
      ),
    );
    const ours = () =>
      dataSource.query<{ topic: string; alert_id: string | null; published: boolean }[]>(
        `SELECT topic, payload->>'alertId' AS alert_id, published_at IS NOT NULL AS published FROM outbox WHERE message_key = ANY($1::text[]) ORDER BY id`,
        [accounts],
      );
    const written = await ours();
    expect(written.map((r) => `${r.topic}:${r.published}`).sort()).toEqual(['account.actions:false', 'account.actions:false', 'account.alerts:false', 'account.alerts:false']);
    const alertIds = written.filter((r) => r.topic === 'account.alerts').map((r) => r.alert_id!);

    // Rows other specs left pending go in the same passes; only this batch's are asserted on.
    await pollUntil(
      async () => {
        await relay.relayOnce();
        return (await ours()).every((r) => r.published);
      },
      { what: "this batch's outbox rows to be relayed and marked published" },
    );
    const isOurs = (m: KafkaMessage) => accounts.includes(m.key!.toString());
    const onTopic = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountAlerts), (received) => {
      const seen = new Set(received.filter(isOurs).map((m) => (JSON.parse(m.value!.toString()) as { alertId: string }).alertId));
      return alertIds.every((id) => seen.has(id));
    });
    const alerts = onTopic.filter(isOurs).map((m) => JSON.parse(m.value!.toString()) as { alertId: string; accountId: string });
    // Each alert once, keyed by its account (partitions interleave, so in no particular order).
    expect(alerts.map((a) => a.alertId).sort()).toEqual([...alertIds].sort());
    for (const accountId of accounts) {
      expect(alerts).toContainEqual(expect.objectContaining({ accountId, decision: 'alert', hits: [expect.objectContaining({ ruleId: 'unbind.unknown-device' })] }));
    }
  });
});
