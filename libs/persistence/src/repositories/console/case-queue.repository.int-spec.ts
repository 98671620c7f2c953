import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseQueueRepository, type QueueCursor, type QueueRow, type QueueSort } from './case-queue.repository';

const SLA_MINUTES = 60;

interface CaseSeed {
  rule: string;
  minutesAgo?: number;
  status?: 'open' | 'in_review' | 'resolved';
  resolution?: string;
  score?: number;
  priority?: 'normal' | 'high';
  answer?: 'me' | 'not_me';
  assigneeId?: string;
  escalated?: boolean;
  accountId?: string;
  merchant?: string;
  explanation?: { en: string; 'zh-CN': string };
}

/** A case of its own account, hit by `rule` (each test its own rule, so it sees only its own cases). */
async function aCase(db: DataSource, seed: CaseSeed): Promise<string> {
  const id = randomUUID();
  const accountId = seed.accountId ?? `acct-${randomUUID().slice(0, 8)}`;
  const status = seed.status ?? (seed.assigneeId ? 'in_review' : 'open');
  await db.query(
    `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical,
                             assignee_id, claimed_at, resolution, resolved_at, borrower_answer, escalated_at)
     VALUES ($1, $2, $3, $4, 'alert', $5, $6, 1, now() - make_interval(mins => $7), false, false,
             $8, CASE WHEN $8::uuid IS NULL THEN NULL ELSE now() END, $9, CASE WHEN $4 = 'resolved' THEN now() END, $10, CASE WHEN $11 THEN now() END)`,
    [
      id,
      `Q-${randomUUID().slice(0, 8)}`,
      accountId,
      status,
      seed.score ?? 50,
      seed.priority ?? 'normal',
      seed.minutesAgo ?? 5,
      seed.assigneeId ?? null,
      status === 'resolved' ? (seed.resolution ?? 'legitimate') : null,
      seed.answer ?? null,
      seed.escalated ?? false,
    ],
  );
  await db.query(`INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, $2, $3, 'high', 50, '{}', $4, 1)`, [
    id,
    randomUUID(),
    seed.rule,
    seed.explanation ?? {},
  ]);
  if (seed.merchant) {
    await db.query(`INSERT INTO merchant_flag (merchant_id, account_id, event_id, case_id, reason, at) VALUES ($1, $2, $3, $4, 'flagged', now())`, [
      seed.merchant,
      accountId,
      randomUUID(),
      id,
    ]);
  }
  return id;
}

async function anAnalyst(db: DataSource, name: string, options: { disabled?: boolean } = {}): Promise<string> {
  const username = `${name}-${randomUUID().slice(0, 8)}`;
  const [{ id }]: { id: string }[] = await db.query(
    `INSERT INTO analyst (username, display_name, role, password_hash, disabled) VALUES ($1, $2, 'analyst', 'x', $3) RETURNING id`,
    [username, name.toUpperCase(), options.disabled ?? false],
  );
  return id;
}

describe('the case queue against Postgres', () => {
  const db = isolatedDataSource();
  const queue = () => new CaseQueueRepository(db());
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  /** Every page of the sort, each read after the last row of the one before, as the console's cursor carries it. */
  async function everyPage(rule: string, sort: QueueSort, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let after: QueueCursor | undefined;
    for (;;) {
      const rows: QueueRow[] = await queue().page({ filter: { rule }, sort, after, limit: limit + 1, slaMinutes: SLA_MINUTES });
      seen.push(...ids(rows.slice(0, limit)));
      if (rows.length <= limit) return seen;
      const last = rows[limit - 1];
      after = { rank: Number(last.rank), openedAt: last.opened_at_exact, id: last.id };
    }
  }

  it('given cases in every state, when filtered, then the page and the count hold exactly the matching ones', async () => {
    const rule = `test.filter-${randomUUID().slice(0, 8)}`;
    const ana = await anAnalyst(db(), 'ana');
    const fresh = await aCase(db(), { rule, minutesAgo: 10 });
    const late = await aCase(db(), { rule, minutesAgo: 180, merchant: 'm-late' });
    const held = await aCase(db(), { rule, minutesAgo: 20, assigneeId: ana });
    const escalated = await aCase(db(), { rule, minutesAgo: 30, escalated: true, priority: 'high' });
    const denied = await aCase(db(), { rule, minutesAgo: 40, answer: 'not_me' });
    const done = await aCase(db(), { rule, minutesAgo: 900, status: 'resolved', resolution: 'fraud_confirmed' });
    const select = async (filter: Parameters<CaseQueueRepository['count']>[0]) => {
      const rows = await queue().page({ filter: { rule, ...filter }, sort: 'oldest', limit: 50, slaMinutes: SLA_MINUTES });
      expect(await queue().count({ rule, ...filter }, SLA_MINUTES)).toBe(rows.length);
      return ids(rows).sort();
    };

    expect(await select({})).toEqual([fresh, late, held, escalated, denied, done].sort());
    expect(await select({ status: 'unresolved' })).toEqual([fresh, late, held, escalated, denied].sort());
    expect(await select({ status: 'resolved', resolution: 'fraud_confirmed' })).toEqual([done]);
    expect(await select({ sla: 'over' })).toEqual([late]);
    expect(await select({ sla: 'within' })).toEqual([fresh, held, escalated, denied].sort());
    expect(await select({ assigned: ana })).toEqual([held]);
    expect(await select({ assigned: 'unassigned' })).toEqual([fresh, late, escalated, denied, done].sort());
    expect(await select({ escalated: true })).toEqual([escalated]);
    expect(await select({ escalated: false, priority: 'normal', answer: 'none', status: 'open' })).toEqual([fresh, late].sort());
    expect(await select({ answer: 'not_me' })).toEqual([denied]);
    expect(await select({ merchant: 'm-late' })).toEqual([late]);
    expect(await select({ from: new Date(Date.now() - 60 * 60_000).toISOString(), to: new Date(Date.now() - 15 * 60_000).toISOString() })).toEqual(
      [held, escalated, denied].sort(),
    );
    expect(await queue().count({ rule: `${rule}.none` }, SLA_MINUTES)).toBe(0);
  });

  it('given a case, when listed, then the row says how long it waited, whether it is past the target, who holds it and which rules hit it', async () => {
    const rule = `test.row-${randomUUID().slice(0, 8)}`;
    const ana = await anAnalyst(db(), 'ana');
    const id = await aCase(db(), { rule, minutesAgo: 90, assigneeId: ana, score: 72 });
    await db().query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, $2, 'other.rule', 'low', 10, '{}', '{}', 1)`,
      [id, randomUUID()],
    );

    const [row] = await queue().page({ filter: { rule }, sort: 'priority', limit: 1, slaMinutes: SLA_MINUTES });

    expect(row).toMatchObject({ id, status: 'in_review', score: 72, over_sla: true, assignee_id: ana, assignee_name: 'ANA', rank: 21 });
    expect(row.assignee_username).toMatch(/^ana-/);
    expect(row.rules!.sort()).toEqual(['other.rule', rule].sort());
    expect(row.waiting_seconds).toBeGreaterThanOrEqual(90 * 60);
    expect(row.waiting_seconds).toBeLessThan(95 * 60);
  });

  it('given cases of every priority and band, when read in priority order page after page, then each comes once: denied, urgent, then by band, longest waiting first', async () => {
    const rule = `test.rank-${randomUUID().slice(0, 8)}`;
    const oldLow = await aCase(db(), { rule, minutesAgo: 300, score: 45 });
    const newHigh = await aCase(db(), { rule, minutesAgo: 5, score: 72 });
    const oldHigh = await aCase(db(), { rule, minutesAgo: 200, score: 65 });
    const urgent = await aCase(db(), { rule, minutesAgo: 1, score: 55, priority: 'high' });
    const denied = await aCase(db(), { rule, minutesAgo: 2, score: 40, answer: 'not_me' });
    const expected = [denied, urgent, oldHigh, newHigh, oldLow];

    expect(ids(await queue().page({ filter: { rule }, sort: 'priority', limit: 50, slaMinutes: SLA_MINUTES }))).toEqual(expected);
    expect(await everyPage(rule, 'priority', 2)).toEqual(expected);
  });

  it('given cases opened at different times, when read oldest, newest or by time waiting page after page, then each comes once in that order', async () => {
    const rule = `test.sorts-${randomUUID().slice(0, 8)}`;
    const fresh = await aCase(db(), { rule, minutesAgo: 10 });
    const late = await aCase(db(), { rule, minutesAgo: 180 });
    const later = await aCase(db(), { rule, minutesAgo: 600 });
    const done = await aCase(db(), { rule, minutesAgo: 900, status: 'resolved' });

    expect(await everyPage(rule, 'oldest', 1)).toEqual([done, later, late, fresh]);
    expect(await everyPage(rule, 'newest', 1)).toEqual([fresh, late, later, done]);
    // A resolved case stopped waiting: it comes after every case still waiting.
    expect(await everyPage(rule, 'waiting', 1)).toEqual([later, late, fresh, done]);
  });

  it('given cases with contacts and explanations, when exported, then each row has the current contacts, every explanation and the queue’s order', async () => {
    const rule = `test.export-${randomUUID().slice(0, 8)}`;
    const accountId = `acct-${randomUUID().slice(0, 8)}`;
    const ana = await anAnalyst(db(), 'ana');
    const old = await aCase(db(), { rule, minutesAgo: 120, accountId, assigneeId: ana, explanation: { en: 'new device', 'zh-CN': '新设备' } });
    const recent = await aCase(db(), { rule, minutesAgo: 5, escalated: true });
    await db().query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, valid_to, source_event_id)
       VALUES ($1, 'phone', '+8613800000000', now() - interval '2 days', now() - interval '1 day', $2),
              ($1, 'phone', '+8613812345678', now() - interval '1 day', NULL, $3),
              ($1, 'email', 'li.wei@example.com', now(), NULL, $4)`,
      [accountId, randomUUID(), randomUUID(), randomUUID()],
    );

    const rows = await queue().export({ rule }, 'waiting', SLA_MINUTES);

    expect(rows.map((r) => r.id)).toEqual([old, recent]);
    expect(rows[0]).toMatchObject({
      account_id: accountId,
      status: 'in_review',
      rules: [rule],
      assignee: expect.stringMatching(/^ana-/) as unknown,
      escalated: false,
      waiting_minutes: 120,
      over_sla: true,
      phone: '+8613812345678',
      email: 'li.wei@example.com',
      explanations: [{ en: 'new device', 'zh-CN': '新设备' }],
    });
    expect(rows[1]).toMatchObject({ escalated: true, over_sla: false, phone: null, email: null, assignee: null });
  });
});

/** Its own database: the next case is the top of the whole queue, whatever other tests left in it. */
describe('the next case for an analyst, against Postgres', () => {
  const db = isolatedDataSource();
  const queue = () => new CaseQueueRepository(db());

  it('given cases held, resolved, escalated or kept for a colleague, when an analyst asks for the next, then they get the top case they may work, their own kept ones first', async () => {
    const ana = await anAnalyst(db(), 'ana');
    const bo = await anAnalyst(db(), 'bo');
    const gone = await anAnalyst(db(), 'gone', { disabled: true });
    const rule = 'loan.new-device';
    await aCase(db(), { rule, score: 99, priority: 'high', assigneeId: bo });
    await aCase(db(), { rule, score: 99, priority: 'high', status: 'resolved' });
    const escalated = await aCase(db(), { rule, score: 99, priority: 'high', escalated: true, minutesAgo: 10 });
    const keptForBo = await aCase(db(), { rule: 'card.bound', score: 98, priority: 'high', merchant: 'm-bo' });
    const top = await aCase(db(), { rule, score: 95, priority: 'high' });
    const low = await aCase(db(), { rule, score: 30, minutesAgo: 70 });
    const keptForAna = await aCase(db(), { rule: 'sim.swap', score: 10 });
    // A rule for an analyst who can no longer work keeps nothing from anyone.
    const keptForGone = await aCase(db(), { rule: 'loan.large', score: 20, minutesAgo: 60 });
    await db().query(
      `INSERT INTO routing_rule (id, kind, value, analyst_id, created_by)
       VALUES ($1, 'merchant', 'm-bo', $2, 'test'), ($3, 'rule', 'sim.swap', $4, 'test'), ($5, 'rule', 'loan.large', $6, 'test')`,
      [randomUUID(), bo, randomUUID(), ana, randomUUID(), gone],
    );

    expect(await queue().nextFor(ana, false, [])).toBe(keptForAna);
    expect(await queue().nextFor(ana, false, [keptForAna])).toBe(top);
    expect(await queue().nextFor(ana, false, [keptForAna, top])).toBe(low);
    expect(await queue().nextFor(ana, false, [keptForAna, top, low])).toBe(keptForGone);
    expect(await queue().nextFor(ana, false, [keptForAna, top, low, keptForGone])).toBeUndefined();
    // A supervisor may take what waits for one; Bo gets what is kept for him first.
    expect(await queue().nextFor(ana, true, [keptForAna])).toBe(escalated);
    expect(await queue().nextFor(bo, false, [])).toBe(keptForBo);
  });
});
