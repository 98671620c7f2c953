import { type AccountEvent, accountActionSchema, Topics } from '@sentinel/contracts';
import { physicalTopic } from '@sentinel/messaging';
import { dateIn } from '@sentinel/rules';
import { anEvent, ConsoleClient, isolatedPrefix, onboarded, partnerLoan, PipelineHarness, pollUntil, readTopic, SmtpSink, takeover, testKafka } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

const API_KEY = 'scenario-ingest-key-0123456789abcdef';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The three borrower stories, out-of-order arrival, the merchant roll-up and a live rule change,
 * through the real gateway, Kafka, detector, Postgres, notifier and console.
 */
describe('detection scenarios through Kafka and Postgres', () => {
  const prefix = isolatedPrefix();
  let sink: SmtpSink;
  let harness: PipelineHarness;
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const account = (story: string) => `${story}-${randomUUID().slice(0, 8)}`;

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);

  interface CaseRow {
    id: string;
    decision: string;
    priority: string;
    score: number;
    rule_set_version: number;
  }
  interface RuleSetAudit {
    rules: Record<string, { params: Record<string, number> }>;
  }

  const caseOf = (accountId: string) =>
    pollUntil(
      async () => {
        const [row] = await harness.db.query<(CaseRow | undefined)[]>(`SELECT id, decision, priority, score, rule_set_version FROM fraud_case WHERE account_id = $1`, [accountId]);
        return row;
      },
      { what: `a case for ${accountId}` },
    );

  const hitsOf = async (caseId: string): Promise<string[]> =>
    (await harness.db.query<{ rule_id: string }[]>(`SELECT rule_id FROM rule_hit WHERE case_id = $1 ORDER BY rule_id`, [caseId])).map((r) => r.rule_id);

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      {
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `scenarios:${API_KEY}`,
        SMTP_URL: sink.url,
        DEFAULT_LOCALE: 'en',
        PLATFORM_NAME: 'Lendly',
        LATENESS_MS: '1500',
        DEFERRED_POLL_MS: '200',
        RULESET_POLL_MS: '300',
        REMINDER_POLL_MS: '300',
        OUTBOX_POLL_MS: '200',
      },
      'scenario-logs',
    ).start();
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    await sink?.stop();
  });

  it('story 1, the silent unbind: a takeover sequence opens an urgent case, alerts the borrower and recommends a hold', async () => {
    const accountId = account('unbind');
    await post([...onboarded(accountId, at), ...takeover(accountId, at)]);
    const found = await caseOf(accountId);
    // A device that replaced the number before the account trusted it (a takeover mark, +20) unbinds, and the change is a takeover signal: weight 150.
    expect(found).toMatchObject({ decision: 'urgent', priority: 'high', score: 88 });
    expect(await hitsOf(found.id)).toEqual(['unbind.after-takeover-signal', 'unbind.unknown-device']);

    const actions = await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountActions), 1);
    const action = accountActionSchema.parse(JSON.parse(actions.find((m) => m.key?.toString() === accountId)!.value!.toString()));
    expect(action).toMatchObject({ caseId: found.id, reason: 'urgent_risk', recommendations: ['hold_disbursement', 'hold_card_binding'] });

    const mail = await pollUntil(() => sink.received.find((m) => m.to.includes(`${accountId}@example.com`)), { what: 'the alert email' });
    expect(mail.parsed.subject).toContain('Bank card 622202******1234 was unbound from your account');
  });

  it('story 2, the loan they never took: partner loans without consent are urgent cases no "was me" clears (the borrower told, disbursement and binding held) and roll up to the merchant', async () => {
    const victims = [account('loan'), account('loan'), account('loan')];
    for (const accountId of victims) {
      await post([...onboarded(accountId, at), partnerLoan(accountId, 'shady-9', at)]);
    }
    for (const accountId of victims) {
      const found = await pollUntil(
        async () => {
          const [row] = await harness.db.query<({ id: string; decision: string } | undefined)[]>(
            `SELECT id, decision FROM fraud_case WHERE account_id = $1 AND decision = 'urgent'`,
            [accountId],
          );
          return row;
        },
        { what: `the deferred consent check to open ${accountId}'s case` },
      );
      expect(await hitsOf(found.id)).toEqual(['loan.partner-unknown-device', 'loan.without-consent']);
    }
    const actions = (await readTopic(await testKafka(prefix), physicalTopic({ topicPrefix: prefix }, Topics.accountActions), 4)).map((m) =>
      accountActionSchema.parse(JSON.parse(m.value!.toString())),
    );
    expect(actions.find((a) => a.accountId === victims[0])).toMatchObject({ reason: 'urgent_risk', recommendations: ['hold_disbursement', 'hold_card_binding'] });
    const merchant = await pollUntil(
      async () => {
        const [row] = await harness.db.query<({ accounts: string[] } | undefined)[]>(`SELECT accounts FROM flagged_merchant WHERE merchant_id = 'shady-9'`);
        return row;
      },
      { what: 'the merchant roll-up' },
    );
    expect([...merchant.accounts].sort()).toEqual([...victims].sort());
    const listed = await (await harness.console()).get<{ items: { merchantId: string }[] }>('/api/merchants');
    expect(listed.items.map((m) => m.merchantId)).toContain('shady-9');
  });

  it('story 3, the expired document: reminders and card notices reach the borrower, and open no case', async () => {
    const accountId = account('doc');
    const inSevenDays = dateIn(new Date(now + 7 * DAY), 'Asia/Shanghai');
    await post([
      ...onboarded(accountId, at),
      anEvent('identity.document.updated', { accountId, occurredAt: at(-HOUR), payload: { documentType: 'resident_id', numberLast4: '123X', expiresOn: inSevenDays } }),
      anEvent('card.invalidated', { accountId, occurredAt: at(0), payload: { card: { ref: 'card-1', last4: '1234' }, reason: 'cancelled_by_bank' } }),
    ]);
    const reminder = await pollUntil(() => sink.received.find((m) => m.to.includes(`${accountId}@example.com`) && m.parsed.subject?.includes('Reminder')), {
      what: 'the ID expiry reminder',
    });
    expect(reminder.parsed.subject).toContain(`your ID document expires on ${inSevenDays}`);
    expect(reminder.parsed.text).toContain('in 7 day(s)');
    const notice = await pollUntil(() => sink.received.find((m) => m.to.includes(`${accountId}@example.com`) && m.parsed.subject?.includes('Action needed')), {
      what: 'the card-invalidated notice',
    });
    expect(notice.parsed.subject).toContain('card **** 1234 can no longer be used');
    const [doc] = await harness.db.query<{ reminded_days: number[] }[]>(`SELECT reminded_days FROM document_expiry WHERE account_id = $1`, [accountId]);
    expect([...doc.reminded_days].sort((a: number, b: number) => a - b)).toEqual([7, 30]);
    expect(await harness.db.query(`SELECT 1 FROM fraud_case WHERE account_id = $1`, [accountId])).toEqual([]);
  });

  it('clears a loan whose consent arrives after it, within the lateness window', async () => {
    const accountId = account('late');
    const own = { id: `phone-${accountId}` };
    const loan = anEvent('loan.opened', { accountId, device: own, occurredAt: at(0), payload: { loanId: 'L-late', amountMinor: 300_000, currency: 'CNY' } });
    await post([...onboarded(accountId, at), loan]);
    await post([anEvent('consent.verified', { accountId, device: own, occurredAt: at(-2000), payload: { method: 'otp', purpose: 'loan', subjectId: 'L-late' } })]);
    await pollUntil(
      async () => {
        const recorded = await harness.db.query<unknown[]>(`SELECT 1 FROM account_event WHERE id = $1`, [loan.id]);
        const pending = await harness.db.query<unknown[]>(`SELECT 1 FROM deferred_evaluation WHERE event_id = $1`, [loan.id]);
        return recorded.length === 1 && pending.length === 0;
      },
      { what: 'the deferred evaluation of the loan' },
    );
    expect(await harness.db.query(`SELECT 1 FROM fraud_case WHERE account_id = $1`, [accountId])).toEqual([]);
  });

  it('takes a rule change made through the console API without a restart, and audits it', async () => {
    const supervisor = await harness.console();
    const patch = (body: unknown, session = supervisor) => session.request('PATCH', '/api/rules', body);
    expect((await patch({ reason: 'no session', rules: {} }, new ConsoleClient(harness.url('console')))).status).toBe(401);
    const bad = await patch({ reason: 'typo', rules: { 'loan.velocity': { params: { maxloans: 1 } } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('rules.loan.velocity.params.maxloans: no such parameter');

    const live = await supervisor.get<{ version: number }>('/api/rules');
    const changed = await patch({ reason: 'every loan counts this week', expectedVersion: live.version, rules: { 'loan.velocity': { score: 55, params: { maxLoans: 1 } } } });
    expect(changed.status).toBe(200);
    const { version } = (await changed.json()) as { version: number };
    expect(version).toBe(live.version + 1);
    expect((await patch({ reason: 'stale', expectedVersion: live.version, rules: {} })).status).toBe(409);

    await pollUntil(async () => (await (await fetch(`${harness.url('detector')}/metrics`)).text()).includes(`sentinel_detector_rule_set_version{service="detector"} ${version}`), {
      what: 'the detector to load the new rule set',
    });
    const accountId = account('reload');
    await post([
      ...onboarded(accountId, at),
      // From the borrower's own phone: only the changed velocity speaks.
      anEvent('consent.verified', { accountId, device: { id: `phone-${accountId}` }, occurredAt: at(-60_000), payload: { method: 'otp', purpose: 'loan', subjectId: 'L-ok' } }),
      anEvent('loan.opened', { accountId, device: { id: `phone-${accountId}` }, occurredAt: at(0), payload: { loanId: 'L-ok', amountMinor: 100_000, currency: 'CNY' } }),
    ]);
    const found = await caseOf(accountId);
    expect(found.rule_set_version).toBe(version);
    // Velocity is a doubt about what is done: the signs that the borrower acts are listed beside it and do not lower it.
    expect(await hitsOf(found.id)).toEqual(['benign.otp-trusted-contact', 'benign.settled-device', 'loan.velocity']);

    const [entry] = await harness.db.query<{ actor: string; action: string; before: RuleSetAudit; after: RuleSetAudit }[]>(
      `SELECT actor, action, before, after FROM audit_log WHERE entity_type = 'rule_set' AND entity_id = $1`,
      [String(version)],
    );
    expect(entry).toMatchObject({ actor: 'analyst:admin', action: 'rule_set.update', after: { reason: 'every loan counts this week' } });
    expect(entry.before.rules['loan.velocity'].params.maxLoans).toBe(4);
    expect(entry.after.rules['loan.velocity'].params.maxLoans).toBe(1);
    await expect(harness.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
