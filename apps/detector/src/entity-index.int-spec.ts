import { Topics } from '@sentinel/contracts';
import { type IncomingBatch, KafkaPublisherDriver, OutboxRelay } from '@sentinel/messaging';
import { DataSourceTransactions, EntityIndexRepository, RuleSetRepository } from '@sentinel/persistence';
import { createRegistry } from '@sentinel/service-kit';
import { defaultRuleSet, entityLinksOf, ringHitKey, ringRollup, ringRuleNeeds } from '@sentinel/rules';
import { type AccountEvent, anEvent, isolatedPrefix, RING_STORY_HITS, ringStory, ringVerdict, testDataSource, testEnv, testKafka, testKafkaSettings } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DetectBatchService } from './detect-batch.service';
import { detectorUnderTest } from './detect-batch.test-kit';
import { DetectorMetrics } from './detector.metrics';
import { LiveRuleSet } from './live-rule-set';
import { RingRollupScheduler } from './ring-rollup.scheduler';

function batchOf(events: AccountEvent[]): IncomingBatch {
  const messages = events.map((event, i) => ({
    key: Buffer.from(event.accountId),
    value: Buffer.from(JSON.stringify(event)),
    offset: String(i),
    timestamp: String(Date.now()),
    attributes: 0,
    headers: {},
  }));
  return { topic: Topics.accountEvents, partition: 0, messages, heartbeat: () => Promise.resolve() };
}

const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 9, day, hour)).toISOString();

describe('entity index and ring roll-up against Postgres', () => {
  let dataSource: DataSource;
  /** The owner's connection, which alone may install the triggers that inject faults. */
  let owner: DataSource;
  let publisher: KafkaPublisherDriver;
  let relay: OutboxRelay;
  let detector: DetectBatchService;
  let rings: RingRollupScheduler;
  const prefix = isolatedPrefix();

  beforeAll(async () => {
    dataSource = await testDataSource();
    owner = await testDataSource(testEnv().ownerDatabaseUrl);
    publisher = new KafkaPublisherDriver(await testKafka(prefix), testKafkaSettings(prefix));
    relay = new OutboxRelay(dataSource, publisher);
    const metrics = new DetectorMetrics(createRegistry('test'));
    const ruleSets = new LiveRuleSet(new DataSourceTransactions(dataSource), new RuleSetRepository(dataSource), { ruleSetPollMs: 60_000 }, metrics);
    await ruleSets.refresh();
    const built = detectorUnderTest({ dataSource, publisher, relay, ruleSets }, { metrics });
    detector = built.detector;
    const { cases, eventLog, outbox } = built.repositories;
    rings = new RingRollupScheduler(
      new DataSourceTransactions(dataSource),
      { merchantRollupPollMs: 60_000, alertMaxAgeMs: 400 * 86_400_000 },
      ruleSets,
      cases,
      metrics,
      new EntityIndexRepository(),
      built.states,
      eventLog,
      outbox,
      relay,
    );
  });

  afterAll(async () => {
    await relay.stop();
    await publisher.disconnect();
    await dataSource.destroy();
    await owner.destroy();
  });

  /** Runs the ring roll-up until nothing is queued. */
  const rollUp = async () => {
    while (await rings.runDue());
  };

  describe('the entity index, written in the batch transaction', () => {
    it('ties each event’s account to its card, device, IP and merchant once, learning no agent device, and queues what ring rules judge', async () => {
      const id = randomUUID().slice(0, 8);
      const accountId = `idx-${id}`;
      const fingerprint = `fp-${id}`;
      const events = [
        anEvent('device.login', { accountId, occurredAt: at(1), device: { id: `phone-${id}`, ip: '198.51.100.44' } }),
        anEvent('card.bound', {
          accountId,
          occurredAt: at(1, 11),
          device: { id: `phone-${id}` },
          payload: { card: { ref: 'c1', fingerprint, last4: '1234', holderName: '李伟' } },
        }),
        anEvent('card.unbound', {
          accountId,
          occurredAt: at(2),
          channel: 'support',
          actor: { kind: 'agent', id: 'agent-1' },
          device: { id: `console-${id}`, ip: '10.1.2.3' },
          payload: { card: { ref: 'c1', fingerprint, last4: '1234' } },
        }),
        anEvent('loan.opened', {
          accountId,
          occurredAt: at(3),
          device: { id: `phone-${id}` },
          payload: { loanId: 'L1', amountMinor: 100, currency: 'CNY', merchantId: `shop-${id}` },
        }),
      ];
      await detector.handle(batchOf(events));
      await detector.handle(batchOf(events));

      const links = await dataSource.query<{ kind: string; value: string; event_type: string; sensitive: boolean; holder: boolean }[]>(
        `SELECT kind, value, event_type, sensitive, holder_key IS NOT NULL AS holder FROM entity_link WHERE account_id = $1 ORDER BY at, kind`,
        [accountId],
      );
      expect(links).toEqual([
        { kind: 'device', value: `phone-${id}`, event_type: 'device.login', sensitive: false, holder: false },
        { kind: 'ip', value: '198.51.100.44', event_type: 'device.login', sensitive: false, holder: false },
        { kind: 'card', value: fingerprint, event_type: 'card.bound', sensitive: false, holder: true },
        // The binding's device link is one no rule looks at, and the phone is already tied to the account that day.
        // The agent's unbind ties the card, not the agent's console, to the account.
        { kind: 'card', value: fingerprint, event_type: 'card.unbound', sensitive: true, holder: false },
        { kind: 'device', value: `phone-${id}`, event_type: 'loan.opened', sensitive: true, holder: false },
        { kind: 'merchant', value: `shop-${id}`, event_type: 'loan.opened', sensitive: true, holder: false },
      ]);
      // The holder's name is compared by digest and stored nowhere in the index.
      expect(JSON.stringify(await dataSource.query(`SELECT * FROM entity_link WHERE account_id = $1`, [accountId]))).not.toContain('李伟');
      const queued = await dataSource.query<{ kind: string; value: string }[]>(`SELECT kind, value FROM entity_rollup_due WHERE value = ANY($1) ORDER BY kind, value`, [
        [fingerprint, `phone-${id}`, `shop-${id}`, '198.51.100.44'],
      ]);
      // The binding queues its card and the borrower's loan its device; no ring rule looks at logins,
      // unbinds of a card or merchants (merchants have their own roll-up); the redelivery queued nothing more.
      expect(queued).toEqual([
        { kind: 'card', value: fingerprint },
        { kind: 'device', value: `phone-${id}` },
      ]);
    });

    it('commits links with their events or not at all', async () => {
      const accountId = `idx-boom-${randomUUID().slice(0, 8)}`;
      // A real failure later in the same transaction: the case insert for this one account is refused,
      // as a failure a retry may cure (a data error would be set aside as UNPROCESSABLE instead).
      await owner.query(`CREATE FUNCTION refuse_case_test() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.account_id = '${accountId}' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$`);
      await owner.query(`CREATE TRIGGER refuse_case_test BEFORE INSERT ON fraud_case FOR EACH ROW EXECUTE FUNCTION refuse_case_test()`);
      const events = [
        anEvent('device.login', { accountId, occurredAt: at(1) }),
        anEvent('card.unbound', {
          accountId,
          occurredAt: at(5),
          device: { id: 'stranger-1', ip: '203.0.113.5' },
          payload: { card: { ref: 'c', fingerprint: `fp-${accountId}`, last4: '1234' } },
        }),
      ];
      try {
        await expect(detector.handle(batchOf(events))).rejects.toThrow('refused for the test');
        expect(await dataSource.query(`SELECT count(*)::int AS n FROM entity_link WHERE account_id = $1`, [accountId])).toEqual([{ n: 0 }]);
        expect(await dataSource.query(`SELECT count(*)::int AS n FROM account_event WHERE account_id = $1`, [accountId])).toEqual([{ n: 0 }]);
      } finally {
        await owner.query(`DROP TRIGGER refuse_case_test ON fraud_case`);
        await owner.query(`DROP FUNCTION refuse_case_test()`);
      }
      await detector.handle(batchOf(events));
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM entity_link WHERE account_id = $1`, [accountId])).toEqual([{ n: 5 }]);
    });
  });

  describe('RingRollupScheduler', () => {
    const verdict = (tag: string) => ringVerdict(dataSource, tag);
    const story = ringStory;

    it('catches the ring the same way whether its accounts arrive in time order or shuffled, redelivered and re-judged', async () => {
      const inOrder = `o${randomUUID().slice(0, 6)}`;
      const all = Object.values(story(inOrder))
        .flat()
        .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
      for (let i = 0; i < all.length; i += 4) await detector.handle(batchOf(all.slice(i, i + 4)));
      await rollUp();

      const shuffled = `s${randomUUID().slice(0, 6)}`;
      const accounts = story(shuffled);
      // The last account's events first, one account per batch, a roll-up between each, then a redelivery.
      const order = [`${shuffled}-r3`, `${shuffled}-f2`, `${shuffled}-r1`, `${shuffled}-f4`, `${shuffled}-f1`, `${shuffled}-r2`, `${shuffled}-f3`];
      for (const accountId of order) {
        await detector.handle(batchOf([...accounts[accountId]].reverse()));
        await rollUp();
      }
      await detector.handle(batchOf(accounts[`${shuffled}-r1`]));
      await rollUp();

      const expected = await verdict(inOrder);
      expect(expected.hits).toEqual(RING_STORY_HITS);
      // One case per ring account, none for the family.
      expect(expected.cases).toEqual([
        { account: 'r1', cases: 1 },
        { account: 'r2', cases: 1 },
        { account: 'r3', cases: 1 },
      ]);
      expect(await verdict(shuffled)).toEqual(expected);
    });

    it('given three borrowers of long standing taking loans on one public computer, then each gets a step-up asked once through the outbox, while a ring asks nobody and is urgent', async () => {
      const tag = `p${randomUUID().slice(0, 6)}`;
      const ids = ['a', 'b', 'c'].map((x) => `${tag}-${x}`);
      const events = ids.flatMap((accountId, i) => [
        anEvent('device.login', { accountId, occurredAt: '2026-04-01T08:00:00.000Z', device: { id: `phone-${accountId}`, ip: '198.51.100.7' } }),
        anEvent('contact.changed', {
          accountId,
          occurredAt: '2026-04-01T08:05:00.000Z',
          device: { id: `phone-${accountId}`, ip: '198.51.100.7' },
          payload: { kind: 'phone', value: `+861380000000${i}` },
        }),
        anEvent('device.login', { accountId, occurredAt: at(18), device: { id: `phone-${accountId}`, ip: '198.51.100.7' } }),
        // The third, with an email too, reset the password through it on the café's computer: the ring's question does not go to that mailbox.
        ...(i === 2
          ? [
              anEvent('contact.changed', {
                accountId,
                occurredAt: '2026-04-01T08:06:00.000Z',
                device: { id: `phone-${accountId}`, ip: '198.51.100.7' },
                payload: { kind: 'email', value: `${accountId}@example.com` },
              }),
              anEvent('password.reset', {
                accountId,
                occurredAt: new Date(Date.parse(at(20, 12 + i)) - 600_000).toISOString(),
                device: { id: `cafe-pc-${tag}`, ip: '203.0.113.40' },
                payload: { method: 'email' },
              }),
            ]
          : []),
        // Confirmed by the code to the number on file since spring: the borrower's own evidence answers the new computer.
        anEvent('consent.verified', {
          accountId,
          occurredAt: new Date(Date.parse(at(20, 12 + i)) - 60_000).toISOString(),
          device: { id: `cafe-pc-${tag}`, ip: '203.0.113.40' },
          payload: { method: 'otp', purpose: 'loan', subjectId: `L-${accountId}` },
        }),
        anEvent('loan.opened', {
          accountId,
          occurredAt: at(20, 12 + i),
          device: { id: `cafe-pc-${tag}`, ip: '203.0.113.40' },
          payload: { loanId: `L-${accountId}`, amountMinor: 300_000, currency: 'CNY' },
        }),
      ]);
      await detector.handle(batchOf(events));
      await rollUp();
      const cases = await dataSource.query<{ account_id: string; decision: string }[]>(
        `SELECT account_id, decision FROM fraud_case WHERE account_id = ANY($1) ORDER BY account_id`,
        [ids],
      );
      expect(cases).toEqual(ids.map((account_id) => ({ account_id, decision: 'alert' })));
      const asked = await dataSource.query<{ account_id: string; topic: string; kind: string | null; reason: string | null; rules: string | null }[]>(
        `SELECT payload->>'accountId' AS account_id, topic, payload->>'kind' AS kind, payload->>'reason' AS reason,
                coalesce(payload->'hits'->0->>'ruleId', payload->'ruleIds'->>0) AS rules
           FROM outbox WHERE payload->>'accountId' = ANY($1) ORDER BY 1, 2`,
        [ids],
      );
      expect(asked).toEqual(
        ids.flatMap((account_id) => [
          { account_id, topic: Topics.accountActions, kind: null, reason: 'step_up', rules: 'ring.shared-device' },
          { account_id, topic: Topics.accountAlerts, kind: 'fraud', reason: null, rules: 'ring.shared-device' },
        ]),
      );
      const untrusted = await dataSource.query<{ account_id: string; channels: string[] | null }[]>(
        `SELECT payload->>'accountId' AS account_id, payload->'untrustedChannels' AS channels FROM outbox WHERE payload->>'accountId' = ANY($1) AND payload->>'kind' = 'fraud' ORDER BY 1`,
        [ids],
      );
      expect(untrusted).toEqual(ids.map((account_id, i) => ({ account_id, channels: i === 2 ? ['email'] : null })));
      // Judged again, nothing is asked twice.
      await dataSource.query(`INSERT INTO entity_rollup_due (kind, value) VALUES ('device', $1)`, [`cafe-pc-${tag}`]);
      await rollUp();
      const [{ n }] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'accountId' = ANY($1)`, [ids]);
      expect(n).toBe(6);
      const ring = `q${randomUUID().slice(0, 6)}`;
      await detector.handle(batchOf(Object.values(story(ring)).flat()));
      await rollUp();
      const ringCases = await dataSource.query<{ decision: string }[]>(`SELECT DISTINCT decision FROM fraud_case WHERE account_id LIKE $1 || '-r%'`, [ring]);
      expect(ringCases).toEqual([{ decision: 'urgent' }]);
    });

    it('given step-ups waiting on a shared computer, when an account it took over first arrives late, then each becomes a case that holds everything, once', async () => {
      const tag = `w${randomUUID().slice(0, 6)}`;
      // Addresses of this test's own: another test's accounts behind one address would be a ring of their own.
      const net = `2001:db8:${randomUUID().slice(0, 4)}`;
      const cafe = { id: `cafe-pc-${tag}`, ip: `${net}::41` };
      const longStanding = (accountId: string, i: number) => [
        anEvent('device.login', { accountId, occurredAt: '2026-04-01T08:00:00.000Z', device: { id: `phone-${accountId}`, ip: `${net}::7` } }),
        anEvent('contact.changed', {
          accountId,
          occurredAt: '2026-04-01T08:05:00.000Z',
          device: { id: `phone-${accountId}`, ip: `${net}::7` },
          payload: { kind: 'phone', value: `+861390000000${i}` },
        }),
        anEvent('device.login', { accountId, occurredAt: at(18), device: { id: `phone-${accountId}`, ip: `${net}::7` } }),
      ];
      const ids = ['a', 'b', 'c'].map((x) => `${tag}-${x}`);
      const regulars = ids.flatMap((accountId, i) => [
        ...longStanding(accountId, i),
        anEvent('consent.verified', {
          accountId,
          occurredAt: new Date(Date.parse(at(20, 12 + i)) - 60_000).toISOString(),
          device: cafe,
          payload: { method: 'otp', purpose: 'loan', subjectId: `L-${accountId}` },
        }),
        anEvent('loan.opened', { accountId, occurredAt: at(20, 12 + i), device: cafe, payload: { loanId: `L-${accountId}`, amountMinor: 300_000, currency: 'CNY' } }),
      ]);
      await detector.handle(batchOf(regulars));
      await rollUp();
      const decisions = () =>
        dataSource.query<{ decision: string }[]>(`SELECT decision FROM fraud_case WHERE account_id = ANY($1) AND status <> 'resolved' ORDER BY account_id`, [ids]);
      expect(await decisions()).toEqual(ids.map(() => ({ decision: 'alert' })));

      // Earlier that day the same computer replaced another borrower's phone number and took a loan there.
      const victim = `${tag}-d`;
      await detector.handle(
        batchOf([
          ...longStanding(victim, 9),
          anEvent('device.login', { accountId: victim, occurredAt: at(20, 8), device: cafe }),
          anEvent('contact.changed', { accountId: victim, occurredAt: at(20, 9), device: cafe, payload: { kind: 'phone', value: '+8613700000099' } }),
          anEvent('loan.opened', { accountId: victim, occurredAt: at(20, 10), device: cafe, payload: { loanId: `L-${victim}`, amountMinor: 900_000, currency: 'CNY' } }),
        ]),
      );
      await rollUp();
      expect(await decisions()).toEqual(ids.map(() => ({ decision: 'urgent' })));
      const holds = () =>
        dataSource.query<{ account_id: string; recommendations: string[] }[]>(
          `SELECT payload->>'accountId' AS account_id, ARRAY(SELECT jsonb_array_elements_text(payload->'recommendations')) AS recommendations
             FROM outbox WHERE topic = $1 AND payload->>'accountId' = ANY($2) AND payload->>'reason' = 'step_up_escalated' ORDER BY 1`,
          [Topics.accountActions, ids],
        );
      expect(await holds()).toEqual(ids.map((account_id) => ({ account_id, recommendations: ['hold_disbursement', 'hold_card_binding'] })));
      const notes = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM case_note n JOIN fraud_case c ON c.id = n.case_id WHERE c.account_id = ANY($1) AND n.author = 'system:step-up'`,
        [ids],
      );
      expect(notes[0].n).toBe(3);
      // Judged again, nothing is held twice.
      await dataSource.query(`INSERT INTO entity_rollup_due (kind, value) VALUES ('device', $1)`, [cafe.id]);
      await rollUp();
      expect(await holds()).toHaveLength(3);
    });

    it('given a step-up on a shared computer the borrower confirmed, when the address behind it is judged a ring too, then she is not asked about the same loan again', async () => {
      const tag = `y${randomUUID().slice(0, 6)}`;
      const net = `2001:db8:${randomUUID().slice(0, 4)}`;
      const ids = ['a', 'b', 'c', 'd', 'e'].map((x) => `${tag}-${x}`);
      const borrower = (accountId: string, i: number, device: string) => [
        anEvent('device.login', { accountId, occurredAt: '2026-04-01T08:00:00.000Z', device: { id: `phone-${accountId}`, ip: `${net}:1::${i}` } }),
        anEvent('contact.changed', {
          accountId,
          occurredAt: '2026-04-01T08:05:00.000Z',
          device: { id: `phone-${accountId}`, ip: `${net}:1::${i}` },
          payload: { kind: 'phone', value: `+861370000000${i}` },
        }),
        anEvent('device.login', { accountId, occurredAt: at(18), device: { id: `phone-${accountId}`, ip: `${net}:1::${i}` } }),
        anEvent('consent.verified', {
          accountId,
          occurredAt: new Date(Date.parse(at(20, 12 + i)) - 60_000).toISOString(),
          device: { id: device, ip: `${net}::40` },
          payload: { method: 'otp', purpose: 'loan', subjectId: `L-${accountId}` },
        }),
        anEvent('loan.opened', {
          accountId,
          occurredAt: at(20, 12 + i),
          device: { id: device, ip: `${net}::40` },
          payload: { loanId: `L-${accountId}`, amountMinor: 300_000, currency: 'CNY' },
        }),
      ];
      // Three borrowers on the library's computer: the device is a ring link, the address not yet (it needs five).
      await detector.handle(batchOf(ids.slice(0, 3).flatMap((accountId, i) => borrower(accountId, i, `library-pc-${tag}`))));
      await rollUp();
      const asked = (accountId: string) =>
        dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND payload->>'accountId' = $2`, [Topics.accountAlerts, accountId]);
      expect(await asked(ids[0])).toEqual([{ n: 1 }]);
      // She answers "was me" from the number on file since spring: her step-up is closed as hers.
      await dataSource.query(
        `UPDATE fraud_case SET status = 'resolved', resolution = 'legitimate', resolution_reason = 'borrower_confirmed', resolved_at = now(), borrower_answer = 'me' WHERE account_id = $1`,
        [ids[0]],
      );

      // Two more borrowers on the library's tablet, behind the same address: now it is a ring link too.
      await detector.handle(batchOf(ids.slice(3).flatMap((accountId, i) => borrower(accountId, i + 3, `library-tablet-${tag}`))));
      await rollUp();
      const hits = await dataSource.query<{ rule_id: string; kind: string; status: string }[]>(
        `SELECT h.rule_id, h.evidence->>'entityKind' AS kind, c.status FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id WHERE c.account_id = $1 ORDER BY 2`,
        [ids[0]],
      );
      expect(hits).toEqual([
        { rule_id: 'ring.shared-device', kind: 'device', status: 'resolved' },
        { rule_id: 'ring.shared-device', kind: 'ip', status: 'resolved' },
      ]);
      expect(await asked(ids[0])).toEqual([{ n: 1 }]);
      // The new accounts behind the address are asked, once each.
      expect(await asked(ids[3])).toEqual([{ n: 1 }]);
      expect(await asked(ids[4])).toEqual([{ n: 1 }]);
    });

    it('re-judging a ring never doubles a hit or reopens a resolved case', async () => {
      const tag = `x${randomUUID().slice(0, 6)}`;
      const accounts = story(tag);
      await detector.handle(batchOf(Object.values(accounts).flat()));
      await rollUp();
      const before = await verdict(tag);
      expect(before.hits).toHaveLength(8);
      await dataSource.query(`UPDATE fraud_case SET status = 'resolved', resolution = 'fraud_confirmed' WHERE account_id = $1`, [`${tag}-r1`]);
      // Queued again, as a late event of the ring would queue it.
      await dataSource.query(`INSERT INTO entity_rollup_due (kind, value) VALUES ('card', $1), ('device', $2), ('card', $1)`, [`fp-ring-${tag}`, `rig-${tag}`]);
      await rollUp();
      expect(await verdict(tag)).toEqual(before);
      const [{ open }] = await dataSource.query<{ open: number }[]>(`SELECT count(*) FILTER (WHERE status <> 'resolved')::int AS open FROM fraud_case WHERE account_id = $1`, [
        `${tag}-r1`,
      ]);
      expect(open).toBe(0);
    });

    it('holds an analyst’s snooze of a ring rule on one account, and counts it once the snooze is lifted', async () => {
      const tag = `z${randomUUID().slice(0, 6)}`;
      await dataSource.query(
        `INSERT INTO rule_snooze (account_id, rule_id, until, reason, created_by) VALUES ($1, 'ring.shared-card', now() + interval '1 day', 'known family card', 'analyst:test')`,
        [`${tag}-r1`],
      );
      await detector.handle(batchOf(Object.values(story(tag)).flat()));
      await rollUp();
      expect((await verdict(tag)).hits).toEqual(RING_STORY_HITS.filter((h) => !(h.account === 'r1' && h.rule === 'ring.shared-card')));
      await dataSource.query(`UPDATE rule_snooze SET lifted_at = now(), lifted_by = 'analyst:test' WHERE account_id = $1`, [`${tag}-r1`]);
      await dataSource.query(`INSERT INTO entity_rollup_due (kind, value) VALUES ('card', $1)`, [`fp-ring-${tag}`]);
      await rollUp();
      expect((await verdict(tag)).hits).toEqual(RING_STORY_HITS);
    });

    it('keeps the widest evidence when a pass over fewer links commits after a pass over all of them', async () => {
      const tag = `w${randomUUID().slice(0, 6)}`;
      const events = Object.values(story(tag)).flat();
      await detector.handle(batchOf(events));
      await rollUp();
      const full = await verdict(tag);
      expect(full.hits).toEqual(RING_STORY_HITS);
      // What a second detector judged while the second account's events were not yet committed: r3 tied to r1 alone.
      const ruleSet = defaultRuleSet(1);
      const partial = ringRollup(
        events
          .filter((e) => !e.accountId.endsWith('-r2'))
          .flatMap(entityLinksOf)
          .filter(ringRuleNeeds),
        ruleSet,
      );
      expect(partial.map((h) => [h.ruleId, h.accountId, h.linked])).toEqual([['ring.card-other-holder', `${tag}-r3`, [`${tag}-r1`]]]);
      const index = new EntityIndexRepository();
      // On its own account's case, as the roll-up puts it: a hit's key is unique within its account.
      const [{ id: caseId }] = await dataSource.query<{ id: string }[]>(`SELECT id FROM fraud_case WHERE account_id = $1`, [`${tag}-r3`]);
      await dataSource.transaction(async (db) => {
        await index.insertHits(
          db,
          1,
          partial.map((hit) => ({ key: ringHitKey(hit), caseId, hit })),
        );
        await index.refreshHits(
          db,
          partial.map((hit) => ({ key: ringHitKey(hit), hit })),
        );
      });
      expect(await verdict(tag)).toEqual(full);
    });
  });
});
