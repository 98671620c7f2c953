import { Topics } from '@sentinel/contracts';
import { createKafka, physicalTopic } from '@sentinel/messaging';
import { type AccountEvent, ConsoleClient, isolatedPrefix, PipelineHarness, pollUntil, RING_STORY_HITS, ringStory, ringVerdict, testEnv, testKafka } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';

type Linked = {
  entity: { kind: string; masked: string };
  accounts: { accountId: string; events: number; sensitiveActions: number; eventTypes: string[]; firstAt: string; lastAt: string }[];
  accountsTruncated: boolean;
  cases: { id: string; accountId: string; status: string; rules: string[] }[];
};

/**
 * A fraud ring through the running detector, produced straight to Kafka as a platform producer
 * would: once in event-time order, once shuffled across accounts (the last account's events
 * first, one account redelivered). The cross-account verdict must not depend on the arrival
 * order. The console's entity API then pivots from the rig to the accounts and cases it ties.
 */
describe('rings across accounts: detector and console', () => {
  const prefix = isolatedPrefix();
  let harness: PipelineHarness;
  let producer: Producer;
  let analyst: ConsoleClient;

  const send = (events: AccountEvent[]) =>
    producer.send({
      topic: physicalTopic({ topicPrefix: prefix }, Topics.accountEvents),
      messages: events.map((e) => ({ key: e.accountId, value: JSON.stringify(e) })),
    });

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['detector', 'console'],
      { KAFKA_TOPIC_PREFIX: prefix, MERCHANT_ROLLUP_POLL_MS: '200', OUTBOX_POLL_MS: '200', DEFAULT_LOCALE: 'en' },
      'ring-detection-logs',
    ).start();
    await testKafka(prefix);
    producer = createKafka({ brokers: testEnv().brokers, clientId: `ring-e2e-${randomUUID().slice(0, 6)}`, topicPrefix: prefix, partitions: 3 }).producer();
    await producer.connect();
    analyst = await harness.console();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await harness?.stop();
  });

  it('catches a ring the same way whether its accounts’ events arrive in time order or shuffled', async () => {
    const inOrder = `o${randomUUID().slice(0, 6)}`;
    await send(
      Object.values(ringStory(inOrder))
        .flat()
        .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1)),
    );

    const shuffled = `s${randomUUID().slice(0, 6)}`;
    const story = ringStory(shuffled);
    // Account by account, the ring's last victim first; each account's own events keep their order.
    for (const name of ['r3', 'f2', 'r2', 'f4', 'f1', 'r1', 'f3']) await send(story[`${shuffled}-${name}`]);
    await send(story[`${shuffled}-r2`]);

    const settled = async (tag: string) => {
      const verdict = await ringVerdict(harness.db, tag);
      return JSON.stringify(verdict.hits) === JSON.stringify(RING_STORY_HITS) && verdict;
    };
    const expected = await pollUntil(() => settled(inOrder), { timeoutMs: 60_000, what: 'the in-order ring caught' });
    const arrivedShuffled = await pollUntil(() => settled(shuffled), { timeoutMs: 60_000, what: 'the shuffled ring caught' });
    expect(expected.cases).toEqual([
      { account: 'r1', cases: 1 },
      { account: 'r2', cases: 1 },
      { account: 'r3', cases: 1 },
    ]);
    expect(arrivedShuffled).toEqual(expected);
    // Nothing is left queued, and nothing more is judged: the verdicts are final, not a moment's.
    await pollUntil(async () => (await harness.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM entity_rollup_due`))[0].n === 0, {
      what: 'the ring roll-up queue drained',
    });
    expect(await ringVerdict(harness.db, shuffled)).toEqual(expected);

    // The analyst pivots from the rig to the accounts it ties together and their cases.
    const rig = await analyst.get<Linked>(`/api/entities/device/rig-${shuffled}`);
    expect(rig.entity).toEqual({ kind: 'device', masked: `rig-${shuffled}` });
    expect(rig.accounts.map((a) => [a.accountId, a.sensitiveActions, a.eventTypes])).toEqual(['r3', 'r2', 'r1'].map((name) => [`${shuffled}-${name}`, 1, ['loan.opened']]));
    expect(rig.cases.map((c) => c.accountId).sort()).toEqual(['r1', 'r2', 'r3'].map((name) => `${shuffled}-${name}`));
    for (const c of rig.cases) expect(c.rules).toEqual(expect.arrayContaining(['ring.shared-card', 'ring.shared-device']));

    const card = await analyst.get<Linked>(`/api/entities/card/fp-ring-${shuffled}`);
    expect(card.entity.masked).not.toBe(`fp-ring-${shuffled}`);
    expect(card.accounts).toHaveLength(3);
    // An IP is shown without its host part, here and in the explanations, with a short keyed hash that tells it from its neighbours.
    const family = story[`${shuffled}-f1`][0].device!.ip!;
    const home = await analyst.get<Linked>(`/api/entities/ip/${encodeURIComponent(family)}`);
    expect(home.entity.masked.startsWith(`${family.split(':').slice(0, 3).join(':')}:*~`)).toBe(true);
    expect(home.entity.masked).toMatch(/:\*~[0-9a-f]{4}$/);
    expect(home.accounts).toHaveLength(4);
    expect(home.cases).toEqual([]);
  });

  it('answers the entity API only to an analyst, and says what is wrong with a request', async () => {
    const anonymous = new ConsoleClient(harness.url('console'));
    expect((await anonymous.request('GET', '/api/entities/device/rig-1')).status).toBe(401);
    const bad = await analyst.request('GET', '/api/entities/phone/123');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'INVALID_ID', message: expect.stringContaining('kind must be one of card, device, ip, merchant') as unknown });
    const unknown = await analyst.request('GET', `/api/entities/card/fp-never-${randomUUID().slice(0, 6)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'ENTITY_NOT_FOUND' });
    const spec = (await (await fetch(`${harness.url('console')}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/entities/{kind}/{value}');
  });
});
