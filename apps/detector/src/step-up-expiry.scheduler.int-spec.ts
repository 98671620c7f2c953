import { accountActionSchema } from '@sentinel/contracts';
import type { OutboxRelay } from '@sentinel/messaging';
import { CasesRepository, DataSourceTransactions, OutboxRepository } from '@sentinel/persistence';
import { createRegistry } from '@sentinel/service-kit';
import { fixedClock } from '@sentinel/rules';
import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { DetectorMetrics } from './detector.metrics';
import { StepUpExpiryScheduler } from './step-up-expiry.scheduler';

const NOW = '2026-11-29T12:00:00Z';
const hoursBefore = (hours: number) => new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();

/** Step-ups nobody answered, against real Postgres: after STEP_UP_ANSWER_WAIT they become urgent cases with everything held. */
describe('StepUpExpiryScheduler against Postgres', () => {
  const db = isolatedDataSource();
  let woken = 0;
  const relay = { wake: () => void woken++ } as unknown as OutboxRelay;

  const aCase = async (key: string, more: { openedHoursAgo: number; decision?: string; answer?: string | null; historical?: boolean }) => {
    const id = randomUUID();
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, unreachable, historical, borrower_answer, opened_at)
       VALUES ($1, $2, $3, 'open', $4, 62, 'normal', 1, false, $5, $6, $7)`,
      [id, `R-${key}`, `acc-${key}`, more.decision ?? 'alert', more.historical ?? false, more.answer ?? null, hoursBefore(more.openedHoursAgo)],
    );
    await db().query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, $2, 'unbind.unknown-device', 'high', 70, '{}', '{}', 1)`,
      [id, `evt-${key}`],
    );
    return id;
  };

  it('given step-ups past the answer window, when a pass runs, then the unanswered live ones become urgent cases with a note and a hold on everything; answered, recent, urgent and historical ones stay', async () => {
    const due = await aCase('due', { openedHoursAgo: 30 });
    const recent = await aCase('recent', { openedHoursAgo: 2 });
    const answered = await aCase('answered', { openedHoursAgo: 30, answer: 'me' });
    const historical = await aCase('historical', { openedHoursAgo: 30, historical: true });
    const metrics = new DetectorMetrics(createRegistry('test'));
    const scheduler = new StepUpExpiryScheduler(
      new DataSourceTransactions(db()),
      { stepUpAnswerMs: 24 * 3_600_000 },
      fixedClock(NOW),
      new CasesRepository(),
      new OutboxRepository(),
      relay,
      metrics,
    );

    expect(await scheduler.runDue()).toBe(false);

    const decisions = await db().query<{ id: string; decision: string; priority: string }[]>(`SELECT id, decision, priority FROM fraud_case ORDER BY reference_code`);
    expect(Object.fromEntries(decisions.map((c) => [c.id, [c.decision, c.priority]]))).toEqual({
      [due]: ['urgent', 'high'],
      [recent]: ['alert', 'normal'],
      [answered]: ['alert', 'normal'],
      [historical]: ['alert', 'normal'],
    });
    expect(await db().query(`SELECT author FROM case_note WHERE case_id = $1`, [due])).toEqual([{ author: 'system:step-up' }]);
    const [action] = await db().query<{ payload: unknown }[]>(`SELECT payload FROM outbox WHERE topic = 'account.actions'`);
    expect(accountActionSchema.parse(action.payload)).toMatchObject({
      caseId: due,
      reason: 'step_up_expired',
      recommendations: ['hold_disbursement', 'hold_card_binding'],
      ruleIds: ['unbind.unknown-device'],
    });
    expect(woken).toBe(1);

    // Done once: a second pass finds nothing.
    expect(await scheduler.runDue()).toBe(false);
    expect(await db().query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 1 }]);
  });

  it('given a step-up six hours past its deadline, when a pass measures before raising it, then the overdue gauge says so; once raised, the next pass reads 0 and only the recent one waiting', async () => {
    // This test owns the waiting step-ups: whatever an earlier one left is resolved first.
    await db().query(`UPDATE fraud_case SET status = 'resolved'`);
    await aCase('overdue', { openedHoursAgo: 30 });
    await aCase('fresh', { openedHoursAgo: 2 });
    const metrics = new DetectorMetrics(createRegistry('test'));
    const scheduler = new StepUpExpiryScheduler(
      new DataSourceTransactions(db()),
      { stepUpAnswerMs: 24 * 3_600_000 },
      fixedClock(NOW),
      new CasesRepository(),
      new OutboxRepository(),
      relay,
      metrics,
    );
    const read = async () => ({
      waiting: (await metrics.stepUpsWaiting.get()).values[0].value,
      overdueSeconds: (await metrics.stepUpOverdueSeconds.get()).values[0].value,
    });

    await scheduler.runDue();
    expect(await read()).toEqual({ waiting: 2, overdueSeconds: 6 * 3600 });
    await scheduler.runDue();
    expect(await read()).toEqual({ waiting: 1, overdueSeconds: 0 });
  });
});
