import { Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { type ApprovalKind, ApprovalRequests, type ApprovalRow, audit, RULE_SET_SUBJECT, type Transaction, Transactions } from '@sentinel/persistence';
import { approvalRefusal } from '@sentinel/rules';
import { ROLE_RANK, type SessionAnalyst } from '../auth/auth.decorators';
import { type ApprovedResolution, CaseActionsService } from '../cases/case-actions.service';
import type { RuleSetChangeBody } from '../rules/rule-set-change.schema';
import type { RuleSetRollbackBody } from '../rules/rule-set-tools.schema';
import { unlessRefused } from '../refused-rollback';
import { RuleSetsService } from '../rules/rule-sets.service';

type RuleSetPayload = { op: 'change'; body: RuleSetChangeBody } | { op: 'rollback'; body: RuleSetRollbackBody };

/**
 * Four eyes: decisions that wait for a second person. A request is stored and audited; another
 * person (never the requester) approves it, which carries it out in the same transaction, or
 * rejects it, which leaves everything as it was. Both are audited.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly requests: ApprovalRequests,
    private readonly ruleSets: RuleSetsService,
    private readonly cases: CaseActionsService,
  ) {}

  /** What the analyst may decide: case resolutions for everyone, rule-set publications for supervisors and admins. */
  async pending(me: SessionAnalyst): Promise<{ items: ApprovalRow[] }> {
    const kinds: ApprovalKind[] = ROLE_RANK[me.role] >= ROLE_RANK.supervisor ? ['rule_set', 'case_resolution'] : ['case_resolution'];
    return { items: await this.requests.pendingOf(this.transactions.autocommit, kinds) };
  }

  /** The request waiting on this subject, if any: the Rules page and the case page show it. */
  pendingFor(kind: ApprovalKind, subject: string = RULE_SET_SUBJECT): Promise<ApprovalRow | null> {
    return this.requests.pending(this.transactions.autocommit, kind, subject);
  }

  /**
   * A rule-set change, checked now against the live set and held to it: approved later, it goes
   * live only if the live set is still the one the approver saw.
   */
  async requestRuleSetChange(body: RuleSetChangeBody, me: SessionAnalyst) {
    const checkedAgainst = await this.ruleSets.checkChange(body);
    if (!checkedAgainst.ok) return checkedAgainst;
    return this.hold({ op: 'change', body: { ...body, expectedVersion: body.expectedVersion ?? checkedAgainst.value } }, me);
  }

  /** A rollback publishes too, and is held the same way. */
  async requestRuleSetRollback(body: RuleSetRollbackBody, me: SessionAnalyst) {
    const checkedAgainst = await this.ruleSets.checkRollback(body);
    if (!checkedAgainst.ok) return checkedAgainst;
    return this.hold({ op: 'rollback', body: { ...body, expectedVersion: body.expectedVersion ?? checkedAgainst.value } }, me);
  }

  private async hold(held: RuleSetPayload, me: SessionAnalyst) {
    return this.transactions.run(async (db) => {
      const inserted = await this.requests.holdRuleSet(db, held, me.actor, me.id);
      if (!inserted) {
        const waiting = await this.pendingFor('rule_set');
        return fail('APPROVAL_PENDING', `${waiting?.requestedBy ?? 'someone'} asked to publish a rule-set change that awaits approval; it is approved or rejected first`);
      }
      await audit(db, { actor: me.actor, action: 'rule_set.publication_requested', entityType: 'rule_set', entityId: inserted, after: held });
      return ok(await this.requests.byId(db, inserted));
    });
  }

  /**
   * Carries the request out as its requester asked. The request row is locked, so of two people
   * approving at once one goes ahead and the other is told it was decided; an approval that cannot
   * be carried out (the live rule set moved on) rolls back and leaves the request pending.
   */
  async approve(id: string, note: string | undefined, me: SessionAnalyst) {
    return unlessRefused(this.transactions, async (db) => {
      const decided = await this.decided(db, id, 'approved', note, me);
      if (!decided.ok) return decided;
      const found = decided.value;
      let ruleSetVersion: number | null = null;
      if (found.kind === 'rule_set') {
        const payload = found.payload as RuleSetPayload;
        const next =
          payload.op === 'change'
            ? await this.ruleSets.changeIn(db, payload.body, found.requested_by, me.actor)
            : await this.ruleSets.rollbackIn(db, payload.body, found.requested_by, me.actor);
        if (!next.ok) return next;
        ruleSetVersion = next.value.version;
        await audit(db, {
          actor: me.actor,
          action: 'rule_set.publication_approved',
          entityType: 'rule_set',
          entityId: id,
          after: { requestedBy: found.requested_by, version: ruleSetVersion, note: note ?? null },
        });
      } else {
        const applied = await this.cases.applyApprovedResolution(db, found.subject, found.payload as unknown as ApprovedResolution, found.requested_by, me);
        if (!applied.ok) return applied;
      }
      return ok({ approval: await this.requests.byId(db, id), ruleSetVersion });
    });
  }

  /** Leaves everything as it was; the rejection and its note are audited. */
  async reject(id: string, note: string | undefined, me: SessionAnalyst) {
    return unlessRefused(this.transactions, async (db) => {
      const decided = await this.decided(db, id, 'rejected', note, me);
      if (!decided.ok) return decided;
      const found = decided.value;
      if (found.kind === 'rule_set') {
        await audit(db, {
          actor: me.actor,
          action: 'rule_set.publication_rejected',
          entityType: 'rule_set',
          entityId: id,
          after: { requestedBy: found.requested_by, note: note ?? null },
        });
      } else {
        const recorded = await this.cases.recordRejectedResolution(db, found.subject, found.requested_by, note ?? null, me);
        if (!recorded.ok) return recorded;
      }
      return ok({ approval: await this.requests.byId(db, id), ruleSetVersion: null });
    });
  }

  /** Locks the request, checks that this person may decide it, and records the decision. */
  private async decided(db: Transaction, id: string, decision: 'approved' | 'rejected', note: string | undefined, me: SessionAnalyst) {
    const found = await this.requests.lock(db, id);
    if (!found) return fail('APPROVAL_NOT_FOUND', `no approval request with id ${id}`);
    if (found.kind === 'rule_set' && ROLE_RANK[me.role] < ROLE_RANK.supervisor) {
      return fail('ROLE_REQUIRED', 'a rule-set publication is approved or rejected by a supervisor or admin');
    }
    const refusal = approvalRefusal({ status: found.status, requesterId: found.requester_id }, me.id);
    if (refusal?.code === 'APPROVAL_DECIDED') {
      return fail('APPROVAL_DECIDED', `the request was ${refusal.status} already`);
    }
    if (refusal?.code === 'OWN_APPROVAL') {
      return fail('OWN_APPROVAL', 'you asked for this; a second person approves or rejects it');
    }
    await this.requests.decide(db, id, decision, me.actor, me.id, note ?? null);
    return ok(found);
  }
}
