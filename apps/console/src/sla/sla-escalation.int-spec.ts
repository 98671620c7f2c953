import { AnalystNotificationsRepository, DataSourceTransactions, SlaBreachesRepository } from '@sentinel/persistence';
import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SLA_ACTOR, SlaEscalationScheduler } from './sla-escalation.scheduler';

const CONFIG = { caseSlaMinutes: 60, slaPassIntervalMs: 60_000 };
const passOn = (db: DataSource) => new SlaEscalationScheduler(new DataSourceTransactions(db), new SlaBreachesRepository(db), new AnalystNotificationsRepository(db), CONFIG);

/** The SLA pass against the real schema: once per case, with its audit entry and a notification per supervisor, however many passes run. */
describe('SLA escalation pass, against Postgres', () => {
  let db: DataSource;
  let pass: SlaEscalationScheduler;
  let supervisorId: string;
  let analystId: string;

  async function aCase(minutesAgo: number, change: { status?: string; assigneeId?: string } = {}) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical, assignee_id,
                               resolution, resolved_at)
       VALUES ($1, $2, $3, $4, 'alert', 50, 'normal', 1, now() - make_interval(mins => $5), false, false, $6,
               CASE WHEN $4 = 'resolved' THEN 'legitimate' END, CASE WHEN $4 = 'resolved' THEN now() END)`,
      [id, `S-${randomUUID().slice(0, 8)}`, `sla-${randomUUID().slice(0, 8)}`, change.status ?? 'open', minutesAgo, change.assigneeId ?? null],
    );
    return id;
  }
  const stateOf = async (id: string) =>
    (
      await db.query<{ priority: string; escalated_by: string | null; sla_escalated: boolean; assignee_id: string | null; status: string }[]>(
        `SELECT priority, escalated_by, sla_escalated_at IS NOT NULL AS sla_escalated, assignee_id, status FROM fraud_case WHERE id = $1`,
        [id],
      )
    )[0];
  const auditOf = (id: string) =>
    db.query<{ actor: string; action: string; after: { breach: { targetMinutes: number; overMinutes: number } } }[]>(
      `SELECT actor, action, after FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [id],
    );
  /** Passes until one leaves nothing due: the shared test database may hold older cases ahead of these in the batch. */
  const drain = async (job: SlaEscalationScheduler) => {
    while (await job.runDue());
  };
  const notificationsOf = (caseId: string) => db.query<{ analyst_id: string }[]>(`SELECT analyst_id FROM analyst_notification WHERE case_id = $1`, [caseId]);

  beforeAll(async () => {
    db = await testDataSource();
    pass = passOn(db);
    const tag = randomUUID().slice(0, 8);
    const insert = async (name: string, role: string) =>
      (
        await db.query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x') RETURNING id`, [`${name}-${tag}`, name, role])
      )[0].id;
    supervisorId = await insert('sam', 'supervisor');
    analystId = await insert('ana', 'analyst');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('escalates a case past its target once, with an audit entry by the system naming the breach, and notifies supervisors', async () => {
    const late = await aCase(95, { status: 'in_review', assigneeId: analystId });
    const within = await aCase(30);
    const resolved = await aCase(500, { status: 'resolved' });

    await drain(pass);

    expect(await stateOf(late)).toEqual({ priority: 'high', escalated_by: SLA_ACTOR, sla_escalated: true, assignee_id: analystId, status: 'in_review' });
    const [entry, ...more] = await auditOf(late);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor: SLA_ACTOR, action: 'case.sla_escalated', after: { breach: { targetMinutes: 60 } } });
    expect(entry.after.breach.overMinutes).toBeGreaterThanOrEqual(35);
    const notified = (await notificationsOf(late)).map((n) => n.analyst_id);
    expect(notified).toContain(supervisorId);
    expect(notified).not.toContain(analystId);
    for (const untouched of [within, resolved]) {
      expect((await stateOf(untouched)).sla_escalated).toBe(false);
      expect(await auditOf(untouched)).toEqual([]);
    }

    // A second pass finds nothing new to do for it.
    await drain(pass);
    expect(await auditOf(late)).toHaveLength(1);
    expect((await notificationsOf(late)).filter((n) => n.analyst_id === supervisorId)).toHaveLength(1);
  });

  it('leaves a case a person already escalated to them', async () => {
    const id = await aCase(120);
    await db.query(`UPDATE fraud_case SET escalated_at = now(), escalated_by = 'analyst:ana' WHERE id = $1`, [id]);
    await drain(pass);
    expect(await stateOf(id)).toMatchObject({ escalated_by: 'analyst:ana', sla_escalated: false });
    expect(await auditOf(id)).toEqual([]);
  });

  it('two passes at once, as from two consoles, escalate each case once', async () => {
    const ids = await Promise.all([aCase(61), aCase(200), aCase(3000)]);
    const otherDb = await testDataSource();
    const other = passOn(otherDb);
    try {
      await Promise.all([drain(pass), drain(other), drain(pass), drain(other)]);
    } finally {
      await otherDb.destroy();
    }
    for (const id of ids) {
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['case.sla_escalated']);
      expect((await notificationsOf(id)).filter((n) => n.analyst_id === supervisorId)).toHaveLength(1);
    }
  });
});
