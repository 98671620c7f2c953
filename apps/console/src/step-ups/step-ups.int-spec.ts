import { answerStepUp, expireStepUps, isolatedDataSource, seedCase } from '@sentinel/testing';
import { loadConsoleConfig } from '../console.config';
import { stepUps } from './step-ups.responses';
import { heldBy, StepUpsService } from './step-ups.service';
import { StepUpsRepository } from '@sentinel/persistence';

const HOUR = 3_600_000;

/** The Step-ups page's query against Postgres: what waits for the borrower, and how step-ups ended. */
describe('step-ups against Postgres', () => {
  const db = isolatedDataSource();
  const service = (env: Record<string, string> = {}) => new StepUpsService(new StepUpsRepository(db()), loadConsoleConfig({ ADMIN_PASSWORD: 'test-admin-password-0123', ...env }));
  const ids: Record<string, string> = {};
  /** As the API serves it: JSON, checked against the documented response. */
  const served = async (env: Record<string, string> = {}, query = { days: 7, limit: 50 }) => stepUps.parse(JSON.parse(JSON.stringify(await service(env).overview(query))));

  beforeAll(async () => {
    const seed = async (key: string, story: Omit<Parameters<typeof seedCase>[1], 'accountId'>) => (ids[key] = (await seedCase(db(), { accountId: `su-${key}`, ...story })).caseId);
    // Waiting: a loan two hours old and a card unbind twenty hours old.
    await seed('loan', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 120 });
    await seed('unbind', { eventType: 'card.unbound', ruleId: 'unbind.unknown-device', openedMinutesAgo: 20 * 60 });
    // Not waiting: a case (urgent), historical, claimed by an analyst.
    await seed('urgent', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 60, decision: 'urgent' });
    await seed('historical', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 60, historical: true });
    await seed('claimed', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 60 });
    const [analyst] = await db().query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ('sam', 'Sam', 'analyst', 'x') RETURNING id`);
    await db().query(`UPDATE fraud_case SET assignee_id = $2, claimed_at = now(), status = 'in_review' WHERE id = $1`, [ids.claimed, analyst.id]);
    // Ended: released by "was me", raised by "not me", expired unanswered.
    await seed('released', { eventType: 'card.bound', ruleId: 'card.swap', openedMinutesAgo: 90 });
    await answerStepUp(db(), { caseId: ids.released, accountId: 'su-released', answer: 'me' });
    await seed('denied', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 90 });
    await answerStepUp(db(), { caseId: ids.denied, accountId: 'su-denied', answer: 'not_me' });
    await seed('expired', { eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 30 * 60 });
    expect((await expireStepUps(db(), 24 * HOUR)).map((c) => c.caseId)).toEqual([ids.expired]);
    // Not a step-up outcome: "not me" on a case that was urgent already.
    await answerStepUp(db(), { caseId: ids.urgent, accountId: 'su-urgent', answer: 'not_me' });
  });

  it('given open step-ups, then those waiting for the borrower are listed oldest first with what they hold, their rules and the time left before analysts get them', async () => {
    const result = await served();
    expect(result.waitSeconds).toBe(24 * 3600);
    expect(result.waiting.total).toBe(2);
    expect(result.waiting.items.map((s) => [s.caseId, s.accountId, s.holds, s.rules])).toEqual([
      [ids.unbind, 'su-unbind', ['hold_card_binding'], ['unbind.unknown-device']],
      [ids.loan, 'su-loan', ['hold_disbursement'], ['loan.new-device']],
    ]);
    const [unbind, loan] = result.waiting.items;
    expect(unbind.secondsLeft).toBeGreaterThan(4 * 3600 - 120);
    expect(unbind.secondsLeft).toBeLessThanOrEqual(4 * 3600);
    expect(loan.secondsLeft).toBeGreaterThan(22 * 3600 - 120);
    expect(Date.parse(loan.dueAt) - Date.parse(loan.openedAt)).toBe(24 * HOUR);
    expect(loan.referenceCode).toMatch(/^SU[0-9A-F]{8}$/);
  });

  it('given STEP_UP_ANSWER_WAIT set for the console as for the detector, then the time left follows it', async () => {
    const result = await served({ STEP_UP_ANSWER_WAIT: '21h' });
    expect(result.waitSeconds).toBe(21 * 3600);
    expect(result.waiting.items[0]).toMatchObject({ caseId: ids.unbind });
    expect(result.waiting.items[0].secondsLeft).toBeLessThanOrEqual(3600);
    expect(result.waiting.items[0].secondsLeft).toBeGreaterThan(3600 - 120);
    expect(() => service({ STEP_UP_ANSWER_WAIT: 'a day' })).toThrow(/STEP_UP_ANSWER_WAIT must be a duration such as 24h or 1d/);
  });

  it('given step-ups that ended, then each outcome is counted once and listed newest first; a "not me" on a case that was already urgent is no step-up outcome', async () => {
    const result = await served();
    expect(result.outcomes.counts).toEqual({ released: 1, not_me: 1, expired: 1 });
    expect(result.outcomes.items.map((o) => [o.caseId, o.outcome])).toEqual([
      [ids.expired, 'expired'],
      [ids.denied, 'not_me'],
      [ids.released, 'released'],
    ]);
    expect(result.outcomes.items.find((o) => o.caseId === ids.released)).toMatchObject({ accountId: 'su-released', rules: ['card.swap'] });
  });

  it('given outcomes older than the chosen period, then they are neither counted nor listed', async () => {
    await db().query(`UPDATE borrower_answer SET answered_at = answered_at - interval '10 days' WHERE case_id = $1`, [ids.released]);
    const week = await served();
    expect(week.outcomes.counts).toEqual({ released: 0, not_me: 1, expired: 1 });
    expect(week.outcomes.items.map((o) => o.caseId)).not.toContain(ids.released);
    const fortnight = await served({}, { days: 14, limit: 1 });
    expect(fortnight.outcomes.counts).toEqual({ released: 1, not_me: 1, expired: 1 });
    expect(fortnight.outcomes.items).toHaveLength(1);
    expect(fortnight.waiting).toMatchObject({ total: 2, items: [{ caseId: ids.unbind }] });
  });
});

describe('what a step-up holds', () => {
  it('given its flagged events, then a loan holds disbursement, a card binding or unbinding holds card binding, anything else both', () => {
    expect(heldBy(['loan.opened'])).toEqual(['hold_disbursement']);
    expect(heldBy(['card.unbound', 'card.bound'])).toEqual(['hold_card_binding']);
    expect(heldBy(['card.bound', 'loan.opened'])).toEqual(['hold_disbursement', 'hold_card_binding']);
    expect(heldBy(['password.reset'])).toEqual(['hold_disbursement', 'hold_card_binding']);
    expect(heldBy([])).toEqual(['hold_disbursement', 'hold_card_binding']);
  });
});
