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
