import { HttpException } from '@nestjs/common';
import { EventLogRepository, RuleSetRepository } from '@sentinel/persistence';
import { defaultRuleSet } from '@sentinel/rules';
import { anEvent, isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CaseActionsService } from '../cases/case-actions.service';
import { CaseDetailService } from '../cases/case-detail.service';
import { loadConsoleConfig } from '../console.config';
import type { RuleSetsService } from '../rules/rule-sets.service';
import { ApprovalsService } from './approvals.service';
import { approvalsOn, caseActionsOn, caseBulkOn, caseDetailOn, ruleSetsOn, answered } from '../console.test-kit';

/** Four eyes on rule-set publications and on confirmed fraud above FOUR_EYES_AMOUNT, against Postgres. */
describe('four eyes against Postgres', () => {
  const db = isolatedDataSource();
  let approvals: ApprovalsService;
  let ruleSets: RuleSetsService;
  let actions: CaseActionsService;
  let details: CaseDetailService;
  const people = {} as Record<'ana' | 'bo' | 'sam' | 'sue', SessionAnalyst>;

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof HttpException)) throw new Error(`expected an HTTP refusal, got ${String(error)}`);
    return { status: error.getStatus(), ...(error.getResponse() as { error: string; message: string }) };
  };

  async function person(name: keyof typeof people, role: SessionAnalyst['role']) {
    const [{ id }]: { id: string }[] = await db().query(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x') RETURNING id`, [
      name,
      name.toUpperCase(),
      role,
    ]);
    people[name] = { id, username: name, displayName: name.toUpperCase(), role, actor: `analyst:${name}` };
  }

  /** A case in review by ana whose rules flagged a loan of `amountMinor` fen. */
  async function aCaseWithLoan(amountMinor: number) {
    const id = randomUUID();
    const accountId = `acct-${id.slice(0, 8)}`;
    const loan = anEvent('loan.opened', { accountId, payload: { loanId: `loan-${id.slice(0, 8)}`, amountMinor, currency: 'CNY' } });
    await db().transaction((m) => new EventLogRepository().recordEvents(m, [loan], [1]));
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical, assignee_id, claimed_at)
       VALUES ($1, $2, $3, 'in_review', 'alert', 60, 'normal', 1, now(), false, false, $4, now())`,
      [id, `FE-${id.slice(0, 8)}`, accountId, people.ana.id],
    );
    await db().query(
      `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, $2, 'loan.velocity', 'high', 60, '{}', '{}', 1)`,
      [id, loan.id],
    );
    return id;
  }

  const confirmFraud = { status: 'resolved', resolution: 'fraud_confirmed', reasonCode: 'confirmed_fraud' } as const;
  const caseAudit = (id: string) =>
    db().query<{ action: string; actor: string; after: Record<string, unknown> }[]>(
      `SELECT action, actor, after FROM audit_log WHERE entity_type = 'case' AND entity_id = $1 ORDER BY id`,
      [id],
    );

  beforeAll(async () => {
    // 10 000 yuan: the default a deployment gets.
    const config = loadConsoleConfig({ ADMIN_PASSWORD: 'test-admin-password-0123' });
    ruleSets = ruleSetsOn(db());
    actions = caseActionsOn(db(), config);
    details = caseDetailOn(db());
    approvals = approvalsOn(db(), ruleSets, actions);
    await db().transaction((m) => new RuleSetRepository(db()).insert(m, defaultRuleSet(1), 'system', 'default rule set'));
    await person('ana', 'analyst');
    await person('bo', 'analyst');
    await person('sam', 'supervisor');
    await person('sue', 'supervisor');
  });

  describe('confirmed fraud above FOUR_EYES_AMOUNT', () => {
    it('given a case with a 20 000-yuan loan, when its analyst confirms fraud, then the case stays in review, awaiting approval, and the request is audited', async () => {
      const id = await aCaseWithLoan(2_000_000);
      const answer = await answered(actions.changeStatus(id, confirmFraud, people.ana));
      expect(answer.case).toMatchObject({ status: 'in_review', resolution: null });
      expect(answer).toMatchObject({ approval: { status: 'pending', resolution: 'fraud_confirmed', amountMinor: 2_000_000 } });
      const detail = await answered(details.detail(id));
      expect(detail.amountMinor).toBe(2_000_000);
      expect(detail.pendingResolution).toMatchObject({ requestedBy: 'analyst:ana', status: 'pending', referenceCode: `FE-${id.slice(0, 8)}` });
      expect((await caseAudit(id)).map((a) => [a.action, a.actor])).toEqual([['case.resolution_requested', 'analyst:ana']]);
    });

    it('given a pending confirmation, when its requester approves it, then it is refused as their own (403 OWN_APPROVAL) and the case is unchanged', async () => {
      const id = await aCaseWithLoan(2_000_000);
      await answered(actions.changeStatus(id, confirmFraud, people.ana));
      const pending = (await answered(details.detail(id))).pendingResolution!;
      expect(await refusal(answered(approvals.approve(pending.id, undefined, people.ana)))).toMatchObject({ status: 403, error: 'OWN_APPROVAL' });
      expect(await refusal(answered(approvals.reject(pending.id, undefined, people.ana)))).toMatchObject({ status: 403, error: 'OWN_APPROVAL' });
      expect((await answered(details.detail(id))).case).toMatchObject({ status: 'in_review', resolution: null });
    });

    it('given a pending confirmation, when a second analyst approves it, then the case is resolved as fraud and the audit names both', async () => {
      const id = await aCaseWithLoan(2_000_000);
      await answered(actions.changeStatus(id, { ...confirmFraud, note: 'card added from a new device' }, people.ana));
      const pending = (await answered(details.detail(id))).pendingResolution!;
      const decided = await answered(approvals.approve(pending.id, 'agreed', people.bo));
      expect(decided.approval).toMatchObject({ status: 'approved', decidedBy: 'analyst:bo', requestedBy: 'analyst:ana' });
      const detail = await answered(details.detail(id));
      expect(detail.case).toMatchObject({ status: 'resolved', resolution: 'fraud_confirmed', resolutionReason: 'confirmed_fraud', resolutionNote: 'card added from a new device' });
      expect(detail.pendingResolution).toBeNull();
      const trail = await caseAudit(id);
      expect(trail.map((a) => [a.action, a.actor])).toEqual([
        ['case.resolution_requested', 'analyst:ana'],
        ['case.resolution_approved', 'analyst:bo'],
      ]);
      expect(trail[1].after).toMatchObject({ requestedBy: 'analyst:ana', approvedBy: 'analyst:bo', resolution: 'fraud_confirmed' });
    });

    it('given a pending confirmation, when a supervisor rejects it, then the case stays in review, can be asked again, and the rejection is audited', async () => {
      const id = await aCaseWithLoan(2_000_000);
      await answered(actions.changeStatus(id, confirmFraud, people.ana));
      const pending = (await answered(details.detail(id))).pendingResolution!;
      const decided = await answered(approvals.reject(pending.id, 'the borrower answered "was me"', people.sam));
      expect(decided.approval).toMatchObject({ status: 'rejected', decidedBy: 'analyst:sam', decisionNote: 'the borrower answered "was me"' });
      expect((await answered(details.detail(id))).case).toMatchObject({ status: 'in_review', resolution: null });
      expect((await caseAudit(id)).map((a) => a.action)).toEqual(['case.resolution_requested', 'case.resolution_rejected']);
      await answered(actions.changeStatus(id, { status: 'resolved', resolution: 'legitimate', reasonCode: 'borrower_confirmed' }, people.ana));
      expect((await answered(details.detail(id))).case).toMatchObject({ status: 'resolved', resolution: 'legitimate' });
    });

    it('given a pending confirmation, when the case is resolved another way before the decision, then it is refused as pending (409 APPROVAL_PENDING)', async () => {
      const id = await aCaseWithLoan(2_000_000);
      await answered(actions.changeStatus(id, confirmFraud, people.ana));
      expect(await refusal(answered(actions.changeStatus(id, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' }, people.ana)))).toMatchObject({
        status: 409,
        error: 'APPROVAL_PENDING',
      });
    });

    it('given two people approving one confirmation at once, when both answers arrive, then one carries it out and the other is told it was decided (409)', async () => {
      const id = await aCaseWithLoan(2_000_000);
      await answered(actions.changeStatus(id, confirmFraud, people.ana));
      const pending = (await answered(details.detail(id))).pendingResolution!;
      const outcomes = await Promise.allSettled([answered(approvals.approve(pending.id, undefined, people.bo)), answered(approvals.approve(pending.id, undefined, people.sam))]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [lost] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost.reason).toBeInstanceOf(HttpException);
      expect((lost.reason as HttpException).getResponse()).toMatchObject({ error: 'APPROVAL_DECIDED' });
      expect((await caseAudit(id)).filter((a) => a.action === 'case.resolution_approved')).toHaveLength(1);
    });

    it('given a bulk resolution as confirmed fraud, when one case is over the limit, then that one awaits approval and says so, and the other resolves', async () => {
      const large = await aCaseWithLoan(2_000_000);
      const small = await aCaseWithLoan(100_000);
      const bulk = caseBulkOn(db(), actions);
      const done = await answered(bulk.apply({ action: 'resolve', caseIds: [large, small], resolution: 'fraud_confirmed', reasonCode: 'confirmed_fraud' }, people.ana));
      expect(done.results.map((r) => ({ id: r.id, status: r.status, awaitingApproval: r.awaitingApproval }))).toEqual([
        { id: large, status: 'in_review', awaitingApproval: true },
        { id: small, status: 'resolved', awaitingApproval: undefined },
      ]);
      expect(await answered(details.detail(large)).then((d) => d.pendingResolution?.requestedBy)).toBe('analyst:ana');
    });

    it('given a case whose loans add up to exactly the limit, or a legitimate outcome, when resolved, then it resolves at once', async () => {
      const atLimit = await aCaseWithLoan(1_000_000);
      expect((await answered(actions.changeStatus(atLimit, confirmFraud, people.ana))).case).toMatchObject({ status: 'resolved', resolution: 'fraud_confirmed' });
      const large = await aCaseWithLoan(9_000_000);
      expect((await answered(actions.changeStatus(large, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' }, people.ana))).case).toMatchObject({
        status: 'resolved',
      });
    });
  });

  describe('rule-set publications', () => {
    const change = { reason: 'quieter velocity', rules: { 'loan.velocity': { score: 10 } } };

    it('given a supervisor publishes a change, when nobody has approved it, then the live rule set is unchanged and the request is audited', async () => {
      const before = await ruleSets.liveRuleSet();
      const request = await answered(approvals.requestRuleSetChange(change, people.sam));
      expect(request).toMatchObject({ kind: 'rule_set', status: 'pending', requestedBy: 'analyst:sam', payload: { op: 'change', body: { expectedVersion: before.version } } });
      expect((await ruleSets.liveRuleSet()).version).toBe(before.version);
      expect(await approvals.pendingFor('rule_set')).toMatchObject({ id: request.id });
      expect(await refusal(answered(approvals.requestRuleSetChange(change, people.sue)))).toMatchObject({ status: 409, error: 'APPROVAL_PENDING' });
      expect(await refusal(answered(approvals.approve(request.id, undefined, people.sam)))).toMatchObject({ status: 403, error: 'OWN_APPROVAL' });
      expect(await refusal(answered(approvals.approve(request.id, undefined, people.bo)))).toMatchObject({ status: 403, error: 'ROLE_REQUIRED' });
    });

    it('given the pending change, when a second supervisor approves it, then it goes live as the requester wrote it and the audit names both', async () => {
      const request = (await approvals.pendingFor('rule_set'))!;
      const before = await ruleSets.liveRuleSet();
      const decided = await answered(approvals.approve(request.id, undefined, people.sue));
      expect(decided).toMatchObject({ ruleSetVersion: before.version + 1, approval: { status: 'approved', decidedBy: 'analyst:sue' } });
      const live = await ruleSets.liveRuleSet();
      expect(live.rules['loan.velocity'].score).toBe(10);
      const [stored] = (await ruleSets.history(1)).items;
      expect(stored).toMatchObject({ createdBy: 'analyst:sam', reason: 'quieter velocity' });
      const trail = await db().query<{ action: string; actor: string; after: Record<string, unknown> }[]>(
        `SELECT action, actor, after FROM audit_log WHERE entity_type = 'rule_set' ORDER BY id DESC LIMIT 3`,
      );
      expect(trail.map((a) => [a.action, a.actor]).reverse()).toEqual([
        ['rule_set.publication_requested', 'analyst:sam'],
        ['rule_set.update', 'analyst:sam'],
        ['rule_set.publication_approved', 'analyst:sue'],
      ]);
      expect(trail[1].after).toMatchObject({ approvedBy: 'analyst:sue' });
      expect(await refusal(answered(approvals.reject(request.id, undefined, people.sue)))).toMatchObject({ status: 409, error: 'APPROVAL_DECIDED' });
    });

    it('given a pending rollback, when a second supervisor rejects it, then nothing goes live and the rejection is audited', async () => {
      const before = await ruleSets.liveRuleSet();
      const request = await answered(approvals.requestRuleSetRollback({ version: 1, reason: 'velocity misfired' }, people.sue));
      await answered(approvals.reject(request.id, 'keep it', people.sam));
      expect((await ruleSets.liveRuleSet()).version).toBe(before.version);
      expect(await approvals.pendingFor('rule_set')).toBeNull();
      const [last] = await db().query<{ action: string; actor: string }[]>(`SELECT action, actor FROM audit_log WHERE entity_type = 'rule_set' ORDER BY id DESC LIMIT 1`);
      expect(last).toEqual({ action: 'rule_set.publication_rejected', actor: 'analyst:sam' });
    });

    it('given an invalid change, when it is published, then it is refused at once rather than waiting for an approval that would fail', async () => {
      expect(await refusal(answered(approvals.requestRuleSetChange({ reason: 'bad', rules: { 'loan.velocity': { score: 1000 } } }, people.sam)))).toMatchObject({
        status: 400,
        error: 'INVALID_RULE_CHANGE',
      });
      expect(await approvals.pendingFor('rule_set')).toBeNull();
    });

    it('given two supervisors approving one publication at once, when both answers arrive, then exactly one new version goes live', async () => {
      const before = await ruleSets.liveRuleSet();
      const request = await answered(approvals.requestRuleSetChange({ reason: 'louder velocity', rules: { 'loan.velocity': { score: 30 } } }, people.sam));
      const admin = { ...people.sue, id: people.bo.id, actor: 'analyst:bo-as-admin', role: 'admin' as const };
      const outcomes = await Promise.allSettled([answered(approvals.approve(request.id, undefined, people.sue)), answered(approvals.approve(request.id, undefined, admin))]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((await ruleSets.liveRuleSet()).version).toBe(before.version + 1);
    });
  });
});
