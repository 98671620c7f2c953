import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { SlaBreachesRepository } from './sla-breaches.repository';

const SLA_MINUTES = 60;

/** Cases past their SLA target, on a database of its own: the page and the count are of every case in it. */
describe('SlaBreaches, against Postgres', () => {
  const db = isolatedDataSource();
  const breaches = () => new SlaBreachesRepository(db());

  async function aCase(minutesAgo: number, change: { status?: 'open' | 'in_review' | 'resolved'; assigneeId?: string; escalatedBy?: string } = {}) {
    const id = randomUUID();
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical, assignee_id,
                               resolution, resolved_at, escalated_at, escalated_by)
       VALUES ($1, $2, $3, $4, 'alert', 50, 'normal', 1, now() - make_interval(mins => $5), false, false, $6,
               CASE WHEN $4 = 'resolved' THEN 'legitimate' END, CASE WHEN $4 = 'resolved' THEN now() END, CASE WHEN $7::text IS NOT NULL THEN now() END, $7)`,
      [id, `S-${id.slice(0, 8)}`, `sla-${id.slice(0, 8)}`, change.status ?? 'open', minutesAgo, change.assigneeId ?? null, change.escalatedBy ?? null],
    );
    return id;
  }
  const caseRow = async (id: string) =>
    (
      await db().query<{ priority: string; escalated: boolean; escalated_by: string | null; sla_escalated: boolean }[]>(
        `SELECT priority, escalated_at IS NOT NULL AS escalated, escalated_by, sla_escalated_at IS NOT NULL AS sla_escalated FROM fraud_case WHERE id = $1`,
        [id],
      )
    )[0];

  let cases: { late: string; later: string; within: string; resolved: string; escalated: string };
  let analystId: string;

  beforeAll(async () => {
    [{ id: analystId }] = await db().query<{ id: string }[]>(
      `INSERT INTO analyst (username, display_name, role, password_hash) VALUES ('sla-ana', 'Ana', 'analyst', 'x') RETURNING id`,
    );
    cases = {
      late: await aCase(95, { status: 'in_review', assigneeId: analystId }),
      later: await aCase(300),
      within: await aCase(30),
      resolved: await aCase(500, { status: 'resolved' }),
      escalated: await aCase(200, { escalatedBy: 'analyst:ana' }),
    };
  });

  it('given cases within, past and resolved after their target, when the breaches are paged, then the unresolved ones past it come, the longest waiting first, each with its assignee and the total', async () => {
    const page = await breaches().page(SLA_MINUTES, 500);

    expect(page.map((r) => r.id)).toEqual([cases.later, cases.escalated, cases.late]);
    expect(page[2]).toMatchObject({ status: 'in_review', priority: 'normal', assignee_id: analystId, assignee_name: 'Ana', escalated_at: null, total: 3 });
    expect(page[2].over_minutes).toBeGreaterThanOrEqual(35);
    expect(page[1]).toMatchObject({ escalated_by: 'analyst:ana', assignee_name: null });
    expect(await breaches().page(SLA_MINUTES, 1)).toEqual([expect.objectContaining({ id: cases.later, total: 3 })]);
    expect(await breaches().count(SLA_MINUTES)).toBe(3);
    expect(await breaches().count(24 * 60)).toBe(0);
  });

  it('given a pass in one transaction, when another asks to run one, then it may not until the first ends', async () => {
    let endFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (endFirst = resolve));
    let firstRuns!: (taken: boolean) => void;
    const firstTook = new Promise<boolean>((resolve) => (firstRuns = resolve));
    const first = db().transaction(async (tx) => {
      firstRuns(await breaches().takePass(tx));
      await firstMayEnd;
    });

    expect(await firstTook).toBe(true);
    expect(await db().transaction((tx) => breaches().takePass(tx))).toBe(false);
    endFirst();
    await first;
    expect(await db().transaction((tx) => breaches().takePass(tx))).toBe(true);
  });

  it('given due cases, one of them held by another transaction, when the pass locks the due ones, then it takes those nobody escalated, oldest first, and skips the held one', async () => {
    const held = await aCase(400);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHeld = new Promise<void>((resolve) => (holding = resolve));
    const holder = db().transaction(async (tx) => {
      await tx.query(`SELECT id FROM fraud_case WHERE id = $1 FOR UPDATE`, [held]);
      holding();
      await released;
    });
    await isHeld;

    const due = await db().transaction((tx) => breaches().lockDue(tx, SLA_MINUTES, 10));
    release();
    await holder;

    expect(due.map((c) => c.id)).toEqual([cases.later, cases.late]);
    expect(due[1]).toMatchObject({ status: 'in_review', priority: 'normal', assignee_id: analystId });
    expect(due[1].opened_at).toBeInstanceOf(Date);
    expect(due[1].over_minutes).toBeGreaterThanOrEqual(35);
    expect((await db().transaction((tx) => breaches().lockDue(tx, SLA_MINUTES, 1))).map((c) => c.id)).toEqual([held]);
  });

  it('given a due case, when the pass escalates it, then it is high priority, escalated by the pass and no longer due', async () => {
    const id = await aCase(1000);

    await db().transaction((tx) => breaches().escalate(tx, id, 'system:sla'));

    expect(await caseRow(id)).toEqual({ priority: 'high', escalated: true, escalated_by: 'system:sla', sla_escalated: true });
    expect((await db().transaction((tx) => breaches().lockDue(tx, SLA_MINUTES, 100))).map((c) => c.id)).not.toContain(id);
  });
});
