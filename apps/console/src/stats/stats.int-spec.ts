import { Topics } from '@sentinel/contracts';
import { ConsoleStatsRepository, OutboxRepository } from '@sentinel/persistence';
import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { loadConsoleConfig } from '../console.config';
import { StatsController } from './stats.controller';
import { stats } from './stats.responses';

/** The metrics page's responses by tier, against Postgres: counted from the outbox the detector sends them through. */
describe('responses by tier against Postgres', () => {
  const db = isolatedDataSource();
  const outbox = new OutboxRepository();
  const served = async (days = 14) =>
    stats.parse(
      JSON.parse(JSON.stringify(await new StatsController(new ConsoleStatsRepository(db()), loadConsoleConfig({ ADMIN_PASSWORD: 'test-admin-password-0123' })).overview({ days }))),
    );

  const fraudAlert = (decision: 'notice' | 'alert' | 'urgent') => ({
    topic: Topics.accountAlerts,
    message: {
      alertId: randomUUID(),
      kind: 'fraud',
      accountId: `tier-${decision}`,
      referenceCode: 'REF00001',
      decision,
      ruleSetVersion: 1,
      createdAt: new Date().toISOString(),
      event: { id: randomUUID(), type: 'loan.opened', occurredAt: new Date().toISOString(), channel: 'app' },
      hits: [],
    },
  });
  const action = (reason: 'step_up' | 'step_up_expired' | 'borrower_denied') => ({
    topic: Topics.accountActions,
    message: {
      actionId: randomUUID(),
      accountId: `tier-${reason}`,
      caseId: randomUUID(),
      referenceCode: 'REF00002',
      recommendations: ['hold_disbursement'],
      reason,
      score: 60,
      ruleIds: [],
      createdAt: new Date().toISOString(),
    },
  });

  it('given heads-ups, step-ups, urgent cases and expired step-ups in the outbox, then each tier is counted as the detector counts it', async () => {
    const messages = [
      ...['notice', 'notice', 'notice', 'alert', 'alert', 'urgent'].map((d) => fraudAlert(d as 'notice' | 'alert' | 'urgent')),
      // A step-up's hold is the same step-up as its alert, and a "not me" is not a new response; an expiry is a case.
      action('step_up'),
      action('step_up'),
      action('borrower_denied'),
      action('step_up_expired'),
    ];
    await db().transaction((m) => outbox.enqueueAll(m, messages as Parameters<OutboxRepository['enqueueAll']>[1]));
    const { tiers } = await served();
    expect(tiers).toMatchObject({ headsUp: 3, stepUp: 2, case: 2 });
  });

  it('given an outbox that does not reach back to the start of the window, then the counts say from when they are counted', async () => {
    const { tiers } = await served(14);
    expect(tiers.partial).toBe(true);
    const [{ oldest }] = await db().query<{ oldest: Date }[]>(`SELECT min(created_at) AS oldest FROM outbox`);
    expect(Date.parse(tiers.countedFrom)).toBe(oldest.getTime());
    // An older row, as from before the window: the window is covered and starts the count.
    await db().query(`UPDATE outbox SET created_at = now() - interval '30 days' WHERE id = (SELECT min(id) FROM outbox)`);
    const after = await served(14);
    expect(after.tiers.partial).toBe(false);
    expect(Date.parse(after.tiers.countedFrom)).toBeLessThan(Date.now() - 13 * 86_400_000);
    expect(after.tiers.headsUp).toBe(2);
  });
});

/** The metrics page's work per queue and per analyst, against Postgres. */
describe('work per queue and per analyst against Postgres', () => {
  const db = isolatedDataSource();
  const served = async (days = 14) =>
    stats.parse(
      JSON.parse(
        JSON.stringify(
          await new StatsController(new ConsoleStatsRepository(db()), loadConsoleConfig({ ADMIN_PASSWORD: 'test-admin-password-0123', CASE_SLA_MINUTES: '60' })).overview({ days }),
        ),
      ),
    );
  const analyst = async (username: string, displayName: string, disabled = false) => {
    const [{ id }] = await db().query<{ id: string }[]>(
      `INSERT INTO analyst (username, display_name, role, password_hash, disabled) VALUES ($1, $2, 'analyst', 'x', $3) RETURNING id`,
      [username, displayName, disabled],
    );
    return id;
  };
  /** A case opened `openedHoursAgo`, first touched and resolved so many minutes after opening. */
  const aCase = async (c: {
    decision: 'urgent' | 'alert';
    openedHoursAgo: number;
    assignee?: string;
    touchedAfterMinutes?: number;
    resolved?: { afterMinutes: number; resolution: 'fraud_confirmed' | 'legitimate' };
  }) => {
    const id = randomUUID();
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version, status, assignee_id, opened_at, first_action_at, resolved_at, resolution)
       VALUES ($1, $2, $3, $4, 70, 1, $5, $6, now() - make_interval(mins => $7),
               now() - make_interval(mins => $7) + make_interval(mins => $8), now() - make_interval(mins => $7) + make_interval(mins => $9), $10)`,
      [
        id,
        id.slice(0, 8).toUpperCase(),
        `work-${id.slice(0, 8)}`,
        c.decision,
        c.resolved ? 'resolved' : c.assignee ? 'in_review' : 'open',
        c.assignee ?? null,
        Math.round(c.openedHoursAgo * 60),
        c.touchedAfterMinutes ?? null,
        c.resolved?.afterMinutes ?? null,
        c.resolved?.resolution ?? null,
      ],
    );
  };

  it('given cases held, unheld, resolved in and before the window, then each queue and each active analyst has its intake, backlog, past-target, times and outcomes', async () => {
    const ana = await analyst(`ana-${randomUUID().slice(0, 6)}`, 'Ana Li');
    const bo = await analyst(`bo-${randomUUID().slice(0, 6)}`, 'Bo Wang');
    await analyst(`cy-${randomUUID().slice(0, 6)}`, 'Cy Left', true);
    // Ana holds an urgent case three hours old (past the hour's target), touched after 10 min.
    await aCase({ decision: 'urgent', openedHoursAgo: 3, assignee: ana, touchedAfterMinutes: 10 });
    // Nobody holds an urgent case ten minutes old.
    await aCase({ decision: 'urgent', openedHoursAgo: 1 / 6 });
    // Ana resolved a step-up as fraud two days ago: touched after 20 min, resolved after 2 h.
    await aCase({ decision: 'alert', openedHoursAgo: 48, assignee: ana, touchedAfterMinutes: 20, resolved: { afterMinutes: 120, resolution: 'fraud_confirmed' } });
    // Bo resolved a 40-day-old step-up yesterday: resolved in the window, opened before it.
    await aCase({ decision: 'alert', openedHoursAgo: 40 * 24, assignee: bo, touchedAfterMinutes: 60, resolved: { afterMinutes: 39 * 24 * 60, resolution: 'legitimate' } });
    // A case resolved a month ago counts nowhere.
    await aCase({ decision: 'urgent', openedHoursAgo: 31 * 24, assignee: bo, resolved: { afterMinutes: 60, resolution: 'fraud_confirmed' } });

    const { workload } = await served(14);
    expect(workload.slaMinutes).toBe(60);
    expect(workload.queues).toEqual([
      { queue: 'urgent', intake: 2, backlog: 2, overTarget: 1, unassigned: 1, firstTouchMedianSeconds: 600, resolved: 0, resolveMedianSeconds: null, fraudConfirmed: 0 },
      {
        queue: 'alert',
        intake: 1,
        backlog: 0,
        overTarget: 0,
        unassigned: 0,
        firstTouchMedianSeconds: 1200,
        resolved: 2,
        resolveMedianSeconds: (120 * 60 + 39 * 86_400) / 2,
        fraudConfirmed: 1,
      },
    ]);
    const mine = workload.analysts.filter((a) => [ana, bo].includes(a.id));
    expect(mine).toEqual([
      {
        id: ana,
        username: expect.stringMatching(/^ana-/) as unknown,
        displayName: 'Ana Li',
        intake: 2,
        backlog: 1,
        overTarget: 1,
        firstTouchMedianSeconds: 900,
        resolved: 1,
        resolveMedianSeconds: 7200,
        fraudConfirmed: 1,
      },
      {
        id: bo,
        username: expect.stringMatching(/^bo-/) as unknown,
        displayName: 'Bo Wang',
        intake: 0,
        backlog: 0,
        overTarget: 0,
        firstTouchMedianSeconds: null,
        resolved: 1,
        resolveMedianSeconds: 39 * 86_400,
        fraudConfirmed: 0,
      },
    ]);
    expect(workload.analysts.map((a) => a.displayName)).not.toContain('Cy Left');
  });
});
