import { loadConsoleConfig } from '../console.config';
import { MaskStoredFreeText1765220000000 } from '@sentinel/persistence/migrations/1765220000000-MaskStoredFreeText';
import { testDataSource, testEnv } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import type { CaseBulkService } from '../case-work/case-bulk.service';
import { CaseActionsService } from './case-actions.service';
import { CaseDetailService } from './case-detail.service';
import { caseActionsOn, caseBulkOn, caseDetailOn, answered } from '../console.test-kit';

// 6222021234567894 passes the Luhn check, as every real card number does.
const TYPED = 'borrower read card 6222 0212 3456 7894 to me, call +86 139 1234 5678 or li.wei@example.com';
const LEAKS = ['6222 0212 3456 7894', '6222021234567894', '139 1234 5678', '13912345678', 'li.wei@'];
/** An ordinary 13-digit reference (it fails the Luhn check): analysts need to read it. */
const REFERENCE = 'ref 1234567890123';

/** Reasons typed into escalations, bulk escalations and reopens are masked in the audit log and the case's audit trail. */
describe('security: free text at rest', () => {
  let db: DataSource;
  let actions: CaseActionsService;
  let bulk: CaseBulkService;
  let detail: CaseDetailService;
  const tag = randomUUID().slice(0, 8);
  let analyst: SessionAnalyst;
  let supervisor: SessionAnalyst;

  async function anAnalyst(name: string, role: SessionAnalyst['role']): Promise<SessionAnalyst> {
    const username = `${name}-${tag}`;
    const [{ id }]: { id: string }[] = await db.query(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $1, $2, 'x') RETURNING id`, [username, role]);
    return { id, username, displayName: username, role, actor: `analyst:${username}` };
  }

  async function aCase(status: 'open' | 'resolved' = 'open'): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical, resolution, resolved_at)
       VALUES ($1, $2, $3, $4, 'alert', 50, 'normal', 1, now(), false, false, $5, CASE WHEN $4 = 'resolved' THEN now() END)`,
      [id, `P-${randomUUID().slice(0, 8)}`, `acct-${randomUUID().slice(0, 8)}`, status, status === 'resolved' ? 'legitimate' : null],
    );
    return id;
  }

  const stored = async (caseId: string, batch?: string) =>
    JSON.stringify(await db.query(`SELECT before, after FROM audit_log WHERE entity_id = ANY($1::text[]) ORDER BY id`, [[caseId, ...(batch ? [batch] : [])]])) +
    JSON.stringify(await db.query(`SELECT body FROM case_note WHERE case_id = $1`, [caseId]));

  function expectMasked(text: string) {
    for (const leak of LEAKS) expect(text).not.toContain(leak);
    expect(text).toContain('****7894');
    expect(text).toContain('1234567890123');
  }

  beforeAll(async () => {
    db = await testDataSource();
    actions = caseActionsOn(db, { fourEyes: loadConsoleConfig({}).fourEyes });
    bulk = caseBulkOn(db, actions);
    detail = caseDetailOn(db);
    analyst = await anAnalyst('pii-ana', 'analyst');
    supervisor = await anAnalyst('pii-sam', 'supervisor');
  });
  afterAll(() => db?.destroy());

  it('an escalation reason is masked in audit_log and in the case’s audit trail', async () => {
    const id = await aCase();
    await answered(actions.escalate(id, `${TYPED}, ${REFERENCE}`, analyst));
    expectMasked(await stored(id));
    expectMasked(JSON.stringify((await answered(detail.detail(id))).audit));
  });

  it('a bulk escalation reason is masked in every case’s entry and in the batch’s', async () => {
    const [a, b] = [await aCase(), await aCase()];
    const { batch } = await answered(bulk.apply({ action: 'escalate', caseIds: [a, b], reason: `${TYPED}, ${REFERENCE}` }, supervisor));
    expectMasked(await stored(a, batch));
    expectMasked(await stored(b));
    expectMasked(JSON.stringify((await answered(detail.detail(b))).audit));
  });

  it('a reopen reason and a bulk resolution note are masked', async () => {
    const resolved = await aCase('resolved');
    await answered(actions.reopen(resolved, `${TYPED}, ${REFERENCE}`, supervisor));
    expectMasked(await stored(resolved));
    expectMasked(JSON.stringify((await answered(detail.detail(resolved))).audit));

    const open = await aCase();
    const { batch } = await answered(
      bulk.apply({ action: 'resolve', caseIds: [open], resolution: 'inconclusive', reasonCode: 'other', note: `${TYPED}, ${REFERENCE}` }, supervisor),
    );
    const [row]: { resolution_note: string }[] = await db.query(`SELECT resolution_note FROM fraud_case WHERE id = $1`, [open]);
    expectMasked(row.resolution_note + (await stored(open, batch)));
  });

  it('the migration masks what was stored before, lifting the append-only rule only while it runs, and audits itself', async () => {
    const id = await aCase();
    // Rows as the console wrote them before masking reached every write.
    await db.query(`INSERT INTO audit_log (actor, action, entity_type, entity_id, before, after) VALUES ('analyst:old', 'case.escalated', 'case', $1, NULL, $2)`, [
      id,
      JSON.stringify({ status: 'open', reason: `${TYPED}, ${REFERENCE}`, note: { id: '1', body: TYPED } }),
    ]);
    await db.query(`INSERT INTO case_note (case_id, author, body) VALUES ($1, 'analyst:old', $2)`, [id, `[escalated] ${TYPED}, ${REFERENCE}`]);
    await db.query(`UPDATE fraud_case SET resolution_note = $2 WHERE id = $1`, [id, `${TYPED}, ${REFERENCE}`]);

    // Migrations run as the owner; the services' role may not touch the trigger nor update the log.
    const owner = await testDataSource(testEnv().ownerDatabaseUrl);
    const runner = owner.createQueryRunner();
    try {
      await runner.startTransaction();
      await new MaskStoredFreeText1765220000000().up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }

    expectMasked(await stored(id));
    const [row]: { resolution_note: string }[] = await db.query(`SELECT resolution_note FROM fraud_case WHERE id = $1`, [id]);
    expectMasked(row.resolution_note);
    try {
      await expect(owner.query(`UPDATE audit_log SET actor = 'x' WHERE entity_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_log WHERE entity_id = $1`, [id])).rejects.toThrow(/append-only/);
    } finally {
      await owner.destroy();
    }
    const [entry]: { actor: string; after: { rows: Record<string, number> } }[] = await db.query(
      `SELECT actor, after FROM audit_log WHERE action = 'audit_log.masked' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.actor).toBe('system:migration');
    expect(entry.after.rows.audit_log).toBeGreaterThanOrEqual(1);
  });
});
