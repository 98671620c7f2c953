import { Topics } from '@sentinel/contracts';
import { type IncomingBatch, KafkaPublisherDriver, OutboxRelay } from '@sentinel/messaging';
import { createRegistry } from '@sentinel/service-kit';
import { fixedClock } from '@sentinel/rules';
import { anEvent, isolatedDatabase, isolatedPrefix, testDataSource, testKafka, testKafkaSettings } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DeferredEvaluationScheduler } from './deferred-evaluation.scheduler';
import type { DetectBatchService } from './detect-batch.service';
import { detectorUnderTest } from './detect-batch.test-kit';
import type { DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { LiveRuleSet } from './live-rule-set';
import { DataSourceTransactions, RuleSetRepository } from '@sentinel/persistence';

const batchOf = (events: object[], caughtUp = true, assignment?: number): IncomingBatch => ({
  topic: Topics.accountEvents,
  partition: 0,
  caughtUp,
  assignment,
  messages: events.map((e, i) => ({ key: Buffer.from('k'), value: Buffer.from(JSON.stringify(e)), offset: String(i), timestamp: '0', attributes: 0, headers: {} })),
  heartbeat: () => Promise.resolve(),
});

/**
 * An event's verdict against real Postgres: the immediate phase in the batch, the deferred phase
 * once the lateness window has passed (0 here, so at once), on what was recorded around the event.
 */
describe('one verdict per event, whatever arrived since', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: DataSource;
  let publisher: KafkaPublisherDriver;
  let relay: OutboxRelay;
  let detector: DetectBatchService;
  let deferred: DeferredEvaluationScheduler;
  const clock = fixedClock('2026-11-29T12:00:00Z');

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = await testDataSource(database.url);
    const prefix = isolatedPrefix();
    publisher = new KafkaPublisherDriver(await testKafka(prefix), testKafkaSettings(prefix));
    relay = new OutboxRelay(db, publisher);
    const metrics = new DetectorMetrics(createRegistry('test'));
    const ruleSets = new LiveRuleSet(new DataSourceTransactions(db), new RuleSetRepository(db), { ruleSetPollMs: 60_000 }, metrics);
    await ruleSets.refresh();
    const config = {
      latenessMs: 0,
      alertMaxAgeMs: 3 * 86_400_000,
      deferredPollMs: 60_000,
      deferredMaxWaitMs: 600_000,
      core: { eventTime: { maxFutureMs: 300_000, maxAgeMs: 400 * 86_400_000 } },
    };
    const built = detectorUnderTest({ dataSource: db, publisher, relay, ruleSets }, { clock, metrics, latenessMs: config.latenessMs, alertMaxAgeMs: config.alertMaxAgeMs });
    detector = built.detector;
    const { outcomes, states } = built;
    const { deferredEvaluations, eventLog, cases } = built.repositories;
    deferred = new DeferredEvaluationScheduler(
      new DataSourceTransactions(db),
      config as DetectorConfig,
      clock,
      ruleSets,
      deferredEvaluations,
      eventLog,
      cases,
      outcomes,
      relay,
      metrics,
      states,
    );
  });

  afterAll(async () => {
    await relay.stop();
    await publisher.disconnect();
    await db.destroy();
    await database.drop();
  });

  const hitsOf = async (accountId: string) =>
    db.query<{ rule_id: string; score: number }[]>(`SELECT h.rule_id, h.score FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1 ORDER BY h.rule_id`, [
      accountId,
    ]);
  const messagesOf = async (accountId: string) =>
    (await db.query<{ payload: object }[]>(`SELECT payload FROM outbox WHERE message_key = $1 AND topic = 'account.alerts' ORDER BY id`, [accountId])).map((r) => r.payload) as {
      kind: string;
      referenceCode: string;
      event?: { id: string };
    }[];

  it('given a mailbox an unknown laptop asked a password reset through days before, when a deferred judgement raises a step-up, then its message names the mailbox', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const phone = { id: 'phone-1', ip: '198.51.100.7' };
    const loan = (id: string, occurredAt: string, amountMinor: number) => [
      anEvent('consent.verified', {
        accountId,
        device: phone,
        occurredAt: occurredAt.replace('T10:00', 'T09:59'),
        payload: { method: 'otp', purpose: 'loan', subjectId: id },
      }),
      anEvent('loan.opened', { accountId, device: phone, occurredAt, payload: { loanId: id, amountMinor, currency: 'CNY' } }),
    ];
    await detector.handle(
      batchOf([
        anEvent('device.login', { accountId, device: phone, occurredAt: '2026-01-10T09:00:00Z' }),
        anEvent('contact.changed', { accountId, device: phone, occurredAt: '2026-01-10T09:01:00Z', payload: { kind: 'email', value: 'li.na@example.com' } }),
        ...loan('old-1', '2026-03-01T10:00:00Z', 100_000),
        ...loan('old-2', '2026-06-01T10:00:00Z', 120_000),
        anEvent('device.login', { accountId, device: phone, occurredAt: '2026-11-20T08:00:00Z' }),
        anEvent('password.reset', { accountId, device: { id: 'laptop-m', ip: '203.0.113.45' }, occurredAt: '2026-11-25T09:00:00Z', payload: { method: 'email' } }),
        // Ten times the habit, from the borrower's own phone with its OTP: a doubt about what is done, judged once the consent's grace has passed.
        ...loan('big-1', '2026-11-27T10:00:00Z', 1_100_000),
      ]),
    );
    // Nothing yet: the loan's verdict waits for the deferred phase.
    expect(await messagesOf(accountId)).toEqual([]);
    while (await deferred.runDue());
    const messages = (await messagesOf(accountId)) as { decision?: string; untrustedChannels?: string[] }[];
    expect(messages.map((m) => [m.decision, m.untrustedChannels])).toEqual([['alert', ['email']]]);
    expect((await hitsOf(accountId)).map((h) => h.rule_id)).toContain('loan.amount-anomaly');
  });

  it('given a consented loan and, in the same burst, weeks of later activity, when the loan is judged, then its consent still counts', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const device = { id: 'phone-1', ip: '198.51.100.7' };
    const history = [
      anEvent('device.login', { accountId, device, occurredAt: '2026-11-20T09:00:00Z' }),
      anEvent('consent.verified', { accountId, device, occurredAt: '2026-11-20T09:59:40Z', payload: { method: 'otp', purpose: 'loan', subjectId: 'loan-7' } }),
      anEvent('loan.opened', { accountId, device, occurredAt: '2026-11-20T10:00:00Z', payload: { loanId: 'loan-7', amountMinor: 500_000, currency: 'CNY' } }),
    ];
    // A backlog: the loan's week and the weeks after it in one batch. The account's state has moved
    // on (and trimmed its old traces) long before the loan's deferred judgement runs.
    const later = Array.from({ length: 240 }, (_, i) =>
      anEvent('device.login', { accountId, device, occurredAt: new Date(Date.parse('2026-11-20T11:00:00Z') + i * 2_000_000).toISOString() }),
    );
    await detector.handle(batchOf([...history, ...later]));
    while (await deferred.runDue());

    // Before: loan.without-consent on a state whose traces no longer reached back to the consent.
    expect(await hitsOf(accountId)).toEqual([]);
    expect(await messagesOf(accountId)).toEqual([]);
  });

  it('given a loan read from a backlog whose consent is still behind it in the partition, then the loan waits for the partition to catch up and its consent counts', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const device = { id: `phone-${accountId}`, ip: '198.51.100.8' };
    const loan = anEvent('loan.opened', { accountId, device, occurredAt: '2026-11-28T10:00:00Z', payload: { loanId: 'loan-b', amountMinor: 500_000, currency: 'CNY' } });
    const consent = anEvent('consent.verified', { accountId, device, occurredAt: '2026-11-28T10:00:20Z', payload: { method: 'otp', purpose: 'loan', subjectId: 'loan-b' } });
    // A backlog: the loan's batch and the consent's batch come long enough apart for the lateness
    // window (0 here) to pass between them. Before: the loan was judged in between, without its consent.
    await detector.handle(batchOf([anEvent('device.login', { accountId, device, occurredAt: '2026-11-01T10:00:00Z' }), loan], false));
    while (await deferred.runDue());
    expect(await db.query(`SELECT due_at FROM deferred_evaluation WHERE event_id = $1`, [loan.id])).toEqual([{ due_at: null }]);
    await detector.handle(batchOf([consent], true));
    while (await deferred.runDue());
    expect(await db.query(`SELECT 1 FROM deferred_evaluation WHERE event_id = $1`, [loan.id])).toEqual([]);
    expect(await hitsOf(accountId)).toEqual([]);
    expect(await messagesOf(accountId)).toEqual([]);
  });

  it('given a partition released once in its assignment, then later caught-up batches skip the release, and a backlog or a new assignment releases again', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const device = { id: `phone-${accountId}`, ip: '198.51.100.9' };
    const loanOf = (loanId: string, occurredAt: string) => anEvent('loan.opened', { accountId, device, occurredAt, payload: { loanId, amountMinor: 100_000, currency: 'CNY' } });
    const dueAt = async (eventId: string) => (await db.query<{ due_at: Date | null }[]>(`SELECT due_at FROM deferred_evaluation WHERE event_id = $1`, [eventId]))[0]?.due_at;
    const waiting = () => db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM deferred_evaluation WHERE due_at IS NULL AND partition = 0`);
    await detector.handle(batchOf([anEvent('device.login', { accountId, device, occurredAt: '2026-11-01T10:00:00Z' })], true, 7));
    // Queued by an earlier owner of the partition, from its backlog: its due time waits for a release.
    const earlier = loanOf('loan-e', '2026-11-28T09:00:00Z');
    await db.query(`INSERT INTO account_event (id, account_id, type, occurred_at, channel, body) VALUES ($1, $2, 'loan.opened', $3, 'app', $4)`, [
      earlier.id,
      accountId,
      earlier.occurredAt,
      earlier,
    ]);
    await db.query(`INSERT INTO deferred_evaluation (event_id, account_id, due_at, partition, prior_hits, announced) VALUES ($1, $2, NULL, 0, '[]', false)`, [
      earlier.id,
      accountId,
    ]);
    await detector.handle(batchOf([anEvent('device.login', { accountId, device, occurredAt: '2026-11-02T10:00:00Z' })], true, 7));
    expect(await dueAt(earlier.id)).toBeNull();
    // The partition came here again (a rebalance): its first caught-up batch releases what waits.
    await detector.handle(batchOf([anEvent('device.login', { accountId, device, occurredAt: '2026-11-03T10:00:00Z' })], true, 8));
    expect(await dueAt(earlier.id)).toBeInstanceOf(Date);
    // This instance's own backlog queues a loan; the next caught-up batch of the same assignment releases it.
    const backlog = loanOf('loan-f', '2026-11-28T10:00:00Z');
    await detector.handle(batchOf([backlog], false, 8));
    expect(await dueAt(backlog.id)).toBeNull();
    await detector.handle(batchOf([anEvent('device.login', { accountId, device, occurredAt: '2026-11-28T10:05:00Z' })], true, 8));
    expect(await dueAt(backlog.id)).toBeInstanceOf(Date);
    expect(await waiting()).toEqual([{ n: 0 }]);
    while (await deferred.runDue());
  });

  it('given a loan whose immediate findings are below a case and a deferred finding completes it, then the case shows every hit, its score is their bounded weight, and the borrower gets one message', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const phone = { id: 'phone-1', ip: '198.51.100.7' };
    const loan = anEvent('loan.opened', { accountId, device: phone, occurredAt: '2026-11-28T10:00:00Z', payload: { loanId: 'loan-9', amountMinor: 900_000, currency: 'CNY' } });
    // Dormant for months (context, 40), and no consent for the loan (evidence, 60).
    await detector.handle(batchOf([anEvent('device.login', { accountId, device: phone, occurredAt: '2026-06-01T10:00:00Z' }), loan]));
    expect(await messagesOf(accountId)).toEqual([]);
    while (await deferred.runDue());

    expect(await hitsOf(accountId)).toEqual([
      { rule_id: 'loan.dormant-account', score: 40 },
      { rule_id: 'loan.without-consent', score: 60 },
    ]);
    const [fraudCase] = await db.query<{ score: number; decision: string; reference_code: string }[]>(
      `SELECT score, decision, reference_code FROM fraud_case WHERE account_id = $1`,
      [accountId],
    );
    // Weight 100 (context counts whole beside evidence no sign of the borrower answered): 75, a
    // step-up's score, but a loan without consent is evidence no "was me" clears: urgent.
    expect(fraudCase).toMatchObject({ score: 75, decision: 'urgent' });
    const messages = await messagesOf(accountId);
    expect(messages).toEqual([expect.objectContaining({ kind: 'fraud', referenceCode: fraudCase.reference_code, event: expect.objectContaining({ id: loan.id }) as unknown })]);
  });

  it('given an announced case that a deferred finding adds to, then the hits join the case and no second message goes out', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const loan = anEvent('loan.opened', { accountId, occurredAt: '2026-11-28T10:00:00Z', payload: { loanId: 'loan-3', amountMinor: 900_000, currency: 'CNY' } });
    // An expired ID document is a case at once (evidence, 50); no consent for the loan comes later.
    const expired = anEvent('identity.document.updated', {
      accountId,
      occurredAt: '2026-11-01T10:00:00Z',
      payload: { documentType: 'resident_id', numberLast4: '123X', expiresOn: '2026-11-10' },
    });
    await detector.handle(batchOf([expired, loan]));
    expect(await messagesOf(accountId)).toHaveLength(1);
    while (await deferred.runDue());
    // The settled phone it came from lowers doubts about who acts; an expired ID is a fact it does not answer.
    expect((await hitsOf(accountId)).map((h) => h.rule_id)).toEqual(['benign.settled-device', 'loan.expired-document', 'loan.without-consent']);
    expect(await messagesOf(accountId)).toHaveLength(1);
    // The step-up the expired ID opened becomes a case: the loan nobody consented to is no answer's to clear.
    expect(await db.query(`SELECT score, decision FROM fraud_case WHERE account_id = $1`, [accountId])).toEqual([{ score: 73, decision: 'urgent' }]);
  });

  it('given a card bound months before, when it is unbound without its holder and another holder’s card is bound, then the deferred swap knows the old holder and bank', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    const device = { id: `phone-${accountId}`, ip: '198.51.100.10' };
    const card = (ref: string, holderName?: string, issuer?: string) => ({ ref, last4: ref.slice(-4), ...(holderName ? { holderName } : {}), ...(issuer ? { issuer } : {}) });
    // The bind months ago went by long before: its state is a snapshot or a cache, not the window's events.
    await detector.handle(
      batchOf([
        anEvent('device.login', { accountId, device, occurredAt: '2026-05-01T08:00:00Z' }),
        anEvent('card.bound', { accountId, device, occurredAt: '2026-05-01T08:01:00Z', payload: { card: card('card-1111', 'Zhang San', 'ICBC') } }),
      ]),
    );
    while (await deferred.runDue());
    await detector.handle(
      batchOf([
        anEvent('card.unbound', { accountId, device, occurredAt: '2026-11-28T10:00:00Z', payload: { card: card('card-1111') } }),
        anEvent('card.bound', { accountId, device, occurredAt: '2026-11-28T10:20:00Z', payload: { card: card('card-2222', 'Li Si', 'CMB') } }),
      ]),
    );
    while (await deferred.runDue());
    const [swap] = await db.query<{ evidence: { holderDiffers: boolean; issuerDiffers: boolean } }[]>(
      `SELECT h.evidence FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1 AND h.rule_id = 'card.swap'`,
      [accountId],
    );
    expect(swap?.evidence).toMatchObject({ holderDiffers: true, issuerDiffers: true });
  });

  it('given events older than the alert horizon (a backfill), then they open a historical case for analysts and message nobody', async () => {
    const accountId = `acc-${randomUUID().slice(0, 8)}`;
    await detector.handle(
      batchOf([
        anEvent('device.login', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-05-01T08:00:00Z' }),
        anEvent('card.bound', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-05-01T08:01:00Z' }),
        anEvent('card.unbound', { accountId, device: { id: 'laptop-x' }, occurredAt: '2026-05-20T10:00:00Z' }),
      ]),
    );
    while (await deferred.runDue());
    expect(await db.query(`SELECT historical FROM fraud_case WHERE account_id = $1`, [accountId])).toEqual([{ historical: true }]);
    expect(await hitsOf(accountId)).toContainEqual({ rule_id: 'unbind.unknown-device', score: 70 });
    expect(await db.query(`SELECT topic FROM outbox WHERE message_key = $1`, [accountId])).toEqual([]);

    // A live event on the same account afterwards makes it current news.
    await detector.handle(
      batchOf([anEvent('card.unbound', { accountId, device: { id: 'laptop-y' }, occurredAt: '2026-11-29T11:00:00Z', payload: { card: { ref: 'card-2', last4: '4321' } } })]),
    );
    while (await deferred.runDue());
    expect(await db.query(`SELECT historical FROM fraud_case WHERE account_id = $1`, [accountId])).toEqual([{ historical: false }]);
    expect(await messagesOf(accountId)).toHaveLength(1);
  });
});
