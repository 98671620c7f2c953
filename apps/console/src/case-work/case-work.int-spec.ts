import { loadConsoleConfig } from '../console.config';
import { testDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import type { CaseQueueService } from '../cases/case-queue.service';
import { listCasesQuery } from '../cases/case-list.query';
import type { CaseBulkService } from './case-bulk.service';
import type { CaseExportService } from './case-export.service';
import { SavedFiltersService } from './saved-filters.service';
import { DataSourceTransactions, SavedFiltersRepository } from '@sentinel/persistence';
import { caseActionsOn, caseBulkOn, caseExportOn, caseQueueOn, answered } from '../console.test-kit';

const SLA = { caseSlaMinutes: 60 };

/** Bulk actions, the SLA filter and sort, the export and saved filters against the real schema. */
describe('acting on many cases, against Postgres', () => {
  let db: DataSource;
  let bulk: CaseBulkService;
  let queue: CaseQueueService;
  let exporter: CaseExportService;
  let filters: SavedFiltersService;
  const tag = randomUUID().slice(0, 8);
  const analysts: Record<'ana' | 'bo' | 'sam', SessionAnalyst> = {} as never;

  async function analyst(name: 'ana' | 'bo' | 'sam', role: SessionAnalyst['role']) {
    const username = `${name}-${tag}`;
    const [{ id }]: { id: string }[] = await db.query(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x') RETURNING id`, [
      username,
      name.toUpperCase(),
      role,
    ]);
    analysts[name] = { id, username, displayName: name.toUpperCase(), role, actor: `analyst:${username}` };
  }

  /** A case opened `minutesAgo`, hit by `rule` so each test sees only its own cases. */
  async function aCase(
    rule: string,
    minutesAgo: number,
    change: { status?: string; assigneeId?: string; resolution?: string; accountId?: string; score?: number; priority?: string; answer?: string } = {},
  ) {
    const id = randomUUID();
    const accountId = change.accountId ?? `acct-${randomUUID().slice(0, 8)}`;
    await db.query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical,
                               assignee_id, claimed_at, resolution, resolved_at, borrower_answer)
       VALUES ($1, $2, $3, $4, 'alert', $8, $9, 1, now() - make_interval(mins => $5), false, false, $6, CASE WHEN $6::uuid IS NULL THEN NULL ELSE now() END,
               $7, CASE WHEN $4 = 'resolved' THEN now() END, $10)`,
      [
        id,
        `T-${randomUUID().slice(0, 8)}`,
        accountId,
        change.status ?? 'open',
        minutesAgo,
        change.assigneeId ?? null,
        change.resolution ?? null,
        change.score ?? 50,
        change.priority ?? 'normal',
        change.answer ?? null,
      ],
    );
    await db.query(`INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, $2, $3, 'high', 50, '{}', '{}', 1)`, [
      id,
      randomUUID(),
      rule,
    ]);
    return id;
  }

  const auditOf = (id: string) =>
    db.query<{ action: string; actor: string; after: unknown }[]>(`SELECT action, actor, after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);

  beforeAll(async () => {
    db = await testDataSource();
    const actions = caseActionsOn(db, { fourEyes: loadConsoleConfig({}).fourEyes });
    bulk = caseBulkOn(db, actions);
    queue = caseQueueOn(db, SLA);
    exporter = caseExportOn(db, { ...SLA, publicBaseUrl: 'https://sentinel.example.cn', exportMaxRows: 10_000 });
    filters = new SavedFiltersService(new SavedFiltersRepository(db), new DataSourceTransactions(db));
    await analyst('ana', 'analyst');
    await analyst('bo', 'analyst');
    await analyst('sam', 'supervisor');
  });
  afterAll(() => db?.destroy());

  it('given cases in every state, when resolved in bulk, then each gets its own result and its own audit entries', async () => {
    const rule = `test.bulk-${tag}`;
    const open = await aCase(rule, 5);
    const heldByBo = await aCase(rule, 5, { status: 'in_review', assigneeId: analysts.bo.id });
    const resolved = await aCase(rule, 5, { status: 'resolved', resolution: 'legitimate' });
    const missing = randomUUID();

    const out = await answered(bulk.apply({ action: 'resolve', caseIds: [open, heldByBo, resolved, missing], resolution: 'inconclusive', reasonCode: 'duplicate' }, analysts.ana));

    expect(out).toMatchObject({ done: 1, refused: 3 });
    expect(out.results.map((r) => [r.id, r.ok, r.error ?? r.status])).toEqual([
      [open, true, 'resolved'],
      [heldByBo, false, 'CASE_HELD'],
      [resolved, false, 'CASE_RESOLVED'],
      [missing, false, 'CASE_NOT_FOUND'],
    ]);
    expect(out.results[1].message).toContain(`BO (bo-${tag}) is working this case`);
    const [row] = await db.query<{ status: string; resolution: string | null; resolution_reason: string | null; assignee_id: string | null }[]>(
      `SELECT status, resolution, resolution_reason, assignee_id FROM fraud_case WHERE id = $1`,
      [open],
    );
    expect(row).toEqual({ status: 'resolved', resolution: 'inconclusive', resolution_reason: 'duplicate', assignee_id: analysts.ana.id });
    expect(await auditOf(open)).toEqual([
      expect.objectContaining({ action: 'case.claimed', actor: analysts.ana.actor, after: expect.objectContaining({ bulk: out.batch }) as unknown }),
      expect.objectContaining({ action: 'case.status_changed', after: expect.objectContaining({ bulk: out.batch, status: 'resolved', resolutionReason: 'duplicate' }) as unknown }),
    ]);
    expect(await auditOf(heldByBo)).toEqual([]);
    expect(await auditOf(resolved)).toEqual([]);
    expect(await auditOf(out.batch)).toEqual([
      expect.objectContaining({
        action: 'cases.bulk_acted',
        after: expect.objectContaining({
          action: 'resolve',
          reasonCode: 'duplicate',
          requested: 4,
          done: 1,
          refused: 3,
          refusals: [
            { id: heldByBo, error: 'CASE_HELD' },
            { id: resolved, error: 'CASE_RESOLVED' },
            { id: missing, error: 'CASE_NOT_FOUND' },
          ],
        }) as unknown,
      }),
    ]);
  });

  it('an analyst takes cases in bulk but may not hand them to someone else; a supervisor may, and escalates with one reason', async () => {
    const rule = `test.assign-${tag}`;
    const [a, b] = [await aCase(rule, 5), await aCase(rule, 5)];
    await expect(answered(bulk.apply({ action: 'assign', caseIds: [a], analystId: analysts.bo.id, reason: 'spread the load' }, analysts.ana))).rejects.toMatchObject({
      status: 403,
    });

    const mine = await answered(bulk.apply({ action: 'assign', caseIds: [a, a], analystId: analysts.ana.id, reason: 'taking these' }, analysts.ana));
    expect(mine.results).toEqual([expect.objectContaining({ id: a, ok: true, status: 'in_review' })]);

    const handed = await answered(bulk.apply({ action: 'assign', caseIds: [a, b], analystId: analysts.bo.id, reason: 'Bo knows this partner' }, analysts.sam));
    expect(handed.done).toBe(2);
    expect(
      (await db.query<{ assignee_id: string }[]>(`SELECT assignee_id FROM fraud_case WHERE id = ANY($1::uuid[])`, [[a, b]])).map((r: { assignee_id: string }) => r.assignee_id),
    ).toEqual([analysts.bo.id, analysts.bo.id]);

    const refused = await answered(bulk.apply({ action: 'escalate', caseIds: [a], reason: 'looks like a ring' }, analysts.ana));
    expect(refused.results[0]).toMatchObject({ ok: false, error: 'CASE_HELD' });
    const escalated = await answered(bulk.apply({ action: 'escalate', caseIds: [a, b], reason: 'looks like a ring' }, analysts.sam));
    expect(escalated.done).toBe(2);
    const trail = await auditOf(b);
    expect(trail.at(-1)).toMatchObject({ action: 'case.escalated', after: { reason: 'looks like a ring', bulk: escalated.batch, priority: 'high' } });
  });

  it('an escalated case waits for a supervisor: an analyst cannot resolve it in bulk nor alone, the supervisor can, and so can the analyst it is handed to', async () => {
    const rule = `test.escalated-${tag}`;
    const [a, b, c] = [await aCase(rule, 5), await aCase(rule, 5), await aCase(rule, 5)];
    expect((await answered(bulk.apply({ action: 'escalate', caseIds: [a, b, c], reason: 'needs a lead' }, analysts.bo))).done).toBe(3);
    const resolve = { action: 'resolve', resolution: 'legitimate', reasonCode: 'borrower_confirmed' } as const;

    const refused = await answered(bulk.apply({ ...resolve, caseIds: [a] }, analysts.ana));
    expect(refused.results[0]).toMatchObject({ ok: false, error: 'ESCALATED' });
    const actions = caseActionsOn(db, { fourEyes: loadConsoleConfig({}).fourEyes });
    await expect(answered(actions.claim(a, analysts.ana))).rejects.toMatchObject({ status: 403 });
    await expect(answered(actions.changeStatus(a, { status: 'in_review' }, analysts.ana))).rejects.toMatchObject({ status: 403 });
    const [row] = await db.query<{ status: string; assignee_id: string | null }[]>(`SELECT status, assignee_id FROM fraud_case WHERE id = $1`, [a]);
    expect(row).toEqual({ status: 'open', assignee_id: null });

    expect((await answered(bulk.apply({ ...resolve, caseIds: [b] }, analysts.sam))).results[0]).toMatchObject({ ok: true, status: 'resolved' });
    await answered(actions.assign(c, analysts.ana.id, analysts.sam));
    expect((await answered(bulk.apply({ ...resolve, caseIds: [c] }, analysts.ana))).results[0]).toMatchObject({ ok: true, status: 'resolved' });
  });

  it('filters by the waiting-time target and sorts by time waiting, page after page', async () => {
    const rule = `test.sla-${tag}`;
    const fresh = await aCase(rule, 10);
    const late = await aCase(rule, 180);
    const later = await aCase(rule, 600);
    const done = await aCase(rule, 900, { status: 'resolved', resolution: 'legitimate' });
    const list = (q: Record<string, string>) => answered(queue.list(listCasesQuery.parse({ rule, ...q }), analysts.ana));

    const over = await list({ sla: 'over' });
    expect(over.items.map((c) => c.id).sort()).toEqual([late, later].sort());
    expect(over.items.every((c) => c.overSla)).toBe(true);
    expect(over.slaMinutes).toBe(60);
    expect((await list({ sla: 'within' })).items.map((c) => c.id)).toEqual([fresh]);

    const all = await list({ sort: 'waiting' });
    expect(all.items.map((c) => c.id)).toEqual([later, late, fresh, done]);
    expect(all.items.map((c) => c.overSla)).toEqual([true, true, false, false]);
    expect(all.items[0].waitingSeconds).toBeGreaterThanOrEqual(600 * 60);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ sort: 'waiting', limit: '1', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([later, late, fresh, done]);
  });

  it('orders by priority, and within a priority by score band, the band the calibration says holds more fraud first, then by time waiting', async () => {
    const rule = `test.rank-${tag}`;
    const oldLow = await aCase(rule, 300, { score: 45 });
    const newHigh = await aCase(rule, 5, { score: 72 });
    const oldHigh = await aCase(rule, 200, { score: 65 });
    const urgent = await aCase(rule, 1, { score: 55, priority: 'high' });
    const denied = await aCase(rule, 2, { score: 40, answer: 'not_me' });
    const list = (q: Record<string, string>) => answered(queue.list(listCasesQuery.parse({ rule, ...q }), analysts.ana));
    const expected = [denied, urgent, oldHigh, newHigh, oldLow];
    expect((await list({})).items.map((c) => c.id)).toEqual(expected);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('exports the filtered queue as CSV with contacts masked, formulas defused, and the export audited', async () => {
    const rule = `test.export-${tag}`;
    const accountId = `=HYPERLINK("http://evil.example/${tag}")`;
    await aCase(rule, 120, { accountId });
    await aCase(rule, 5);
    await db.query(
      `INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id) VALUES ($1, 'phone', '+8613812345678', now(), $2), ($1, 'email', 'li.wei@example.com', now(), $3)`,
      [accountId, randomUUID(), randomUUID()],
    );

    const { csv, rows } = await answered(exporter.export({ rule, sort: 'waiting' }, analysts.ana));
    expect(rows).toBe(2);
    // A byte-order mark first, so spreadsheets read the file as UTF-8.
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\n');
    expect(lines[0]).toBe(
      'Reference,Account,Status,Outcome,Reason,Decision,Priority,Score,Rules,Borrower answer,Assignee,Escalated,Opened (UTC),Resolved (UTC),Waiting (minutes),Over target,Phone,Email,Case link,Explanation',
    );
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example/${tag}"")"`);
    // A masked phone starts with + but cannot compute anything: it leaves without an apostrophe.
    expect(lines[1]).toMatch(/,Yes,\+86138\*\*\*\*5678,l\*\*\*@example\.com,https:\/\/sentinel\.example\.cn\/#\/cases\/[0-9a-f-]{36},/);
    expect(csv).not.toContain('13812345678');
    expect(csv).not.toContain('li.wei@');
    expect(lines[2]).toContain(',Open,,,Alert,Normal,50,');

    const [entry] = await db.query<{ actor: string; after: unknown }[]>(
      `SELECT actor, after FROM audit_log WHERE action = 'cases.exported' AND after -> 'filters' ->> 'rule' = $1`,
      [rule],
    );
    expect(entry).toEqual({ actor: analysts.ana.actor, after: { filters: { rule, sort: 'waiting' }, rows: 2 } });
  });

  it("keeps each analyst's saved filters to themself", async () => {
    const mine = await answered(filters.create({ name: 'Late urgent', query: 'decision=urgent&sla=over' }, analysts.ana));
    expect(await filters.create({ name: 'Late urgent', query: 'sla=over' }, analysts.ana)).toMatchObject({ ok: false, error: { code: 'FILTER_NAME_TAKEN' } });
    expect((await filters.list(analysts.ana)).map((f) => f.name)).toEqual(['Late urgent']);

    expect(await filters.list(analysts.bo)).toEqual([]);
    const notFound = { ok: false, error: { code: 'FILTER_NOT_FOUND' } };
    expect(await filters.get(mine.id, analysts.bo)).toMatchObject(notFound);
    expect(await filters.update(mine.id, { name: 'Mine now' }, analysts.bo)).toMatchObject(notFound);
    expect(await filters.remove(mine.id, analysts.bo)).toMatchObject(notFound);
    expect(await answered(filters.get(mine.id, analysts.ana))).toMatchObject({ name: 'Late urgent', query: 'decision=urgent&sla=over' });

    expect(await answered(filters.update(mine.id, { name: 'Late and urgent' }, analysts.ana))).toMatchObject({ name: 'Late and urgent', query: 'decision=urgent&sla=over' });
    await answered(filters.remove(mine.id, analysts.ana));
    expect(await filters.list(analysts.ana)).toEqual([]);
  });

  it('given a team, when an owner shares a filter with it, then teammates see and apply it but cannot change or delete it, and each write is audited', async () => {
    const team = `north-${tag}`;
    expect(await filters.create({ name: 'Shared late', query: 'sla=over', visibility: 'team' }, analysts.ana)).toMatchObject({ ok: false, error: { code: 'NO_TEAM' } });
    await db.query(`UPDATE analyst SET team = $1 WHERE id = ANY($2)`, [team, [analysts.ana.id, analysts.bo.id]]);
    const shared = await answered(filters.create({ name: 'Shared late', query: 'sla=over', visibility: 'team' }, analysts.ana));
    const own = await answered(filters.create({ name: 'Ana only', query: 'status=open' }, analysts.ana));
    expect(shared).toMatchObject({ visibility: 'team', mine: true, owner: { id: analysts.ana.id } });

    // Bo, in the team, sees the shared one only; Sam, in none, sees neither.
    expect((await filters.list(analysts.bo)).map((f) => [f.name, f.mine, f.owner.displayName])).toEqual([['Shared late', false, 'ANA']]);
    expect(await answered(filters.get(shared.id, analysts.bo))).toMatchObject({ query: 'sla=over' });
    expect(await filters.get(own.id, analysts.bo)).toMatchObject({ ok: false, error: { code: 'FILTER_NOT_FOUND' } });
    expect(await filters.list(analysts.sam)).toEqual([]);
    const notYours = { ok: false, error: { code: 'FILTER_NOT_YOURS' } };
    expect(await filters.update(shared.id, { name: 'Bo renamed' }, analysts.bo)).toMatchObject(notYours);
    expect(await filters.remove(shared.id, analysts.bo)).toMatchObject(notYours);

    // Made private again, it leaves the team's lists.
    await answered(filters.update(shared.id, { visibility: 'private' }, analysts.ana));
    expect(await filters.list(analysts.bo)).toEqual([]);
    await answered(filters.remove(shared.id, analysts.ana));
    expect((await auditOf(shared.id)).map((a) => [a.action, a.actor])).toEqual([
      ['saved_filter.created', analysts.ana.actor],
      ['saved_filter.changed', analysts.ana.actor],
      ['saved_filter.deleted', analysts.ana.actor],
    ]);
    await answered(filters.remove(own.id, analysts.ana));
    await db.query(`UPDATE analyst SET team = NULL WHERE id = ANY($1)`, [[analysts.ana.id, analysts.bo.id]]);
  });
});
