import { Inject, Injectable } from '@nestjs/common';
import { type ApiErrorCode, type Failed, fail, ok, scrubPii } from '@sentinel/contracts';
import {
  AnalystDirectory,
  AnalystNotifications,
  ApprovalRequests,
  audit,
  CaseRecords,
  type FraudCaseEntity,
  type ResolutionReason,
  type Transaction,
  Transactions,
} from '@sentinel/persistence';
import {
  assignVerdict,
  type CaseRefusal,
  claimVerdict,
  escalatedCase,
  escalationRefusal,
  releaseVerdict,
  reopenVerdict,
  resolutionNeedsApproval,
  statusVerdict,
} from '@sentinel/rules';
import { ROLE_RANK, type SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { RevealBody, StatusBody } from './case-action.schema';
import { caseNotFound } from './case-detail.service';
import { mentionedIn } from './mentions';

type CaseView = Pick<FraudCaseEntity, 'status' | 'resolution' | 'resolutionReason' | 'assigneeId' | 'priority' | 'escalatedAt'>;
const snapshot = ({ status, resolution, resolutionReason, assigneeId, priority, escalatedAt }: FraudCaseEntity): CaseView => ({
  status,
  resolution,
  resolutionReason,
  assigneeId,
  priority,
  escalatedAt,
});

const isSupervisor = (analyst: SessionAnalyst) => ROLE_RANK[analyst.role] >= ROLE_RANK.supervisor;
const actor = (analyst: SessionAnalyst) => ({ id: analyst.id, supervisor: isSupervisor(analyst) });

const isFailed = (value: unknown): value is Failed => typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

const resolvedError = (r: { resolution: string | null }) => fail('CASE_RESOLVED', `the case was resolved as ${r.resolution}; resolved cases are final`);
const escalatedError = (r: { escalatedBy: string | null }) =>
  fail('ESCALATED', `the case was escalated to a supervisor${r.escalatedBy ? ` by ${r.escalatedBy}` : ''}; a supervisor works it or assigns it`);

/** What an approved confirmation of fraud applies, as its request stored it. */
export interface ApprovedResolution {
  resolution: 'fraud_confirmed';
  reasonCode: ResolutionReason;
  note: string | null;
}

/** A note's opening, as a notification shows it. */
const excerpt = (body: string) => (body.length > 280 ? `${body.slice(0, 279)}…` : body);

const approvalPending = (requestedBy: string) =>
  fail('APPROVAL_PENDING', `${requestedBy} asked to confirm this case as fraud; it awaits a second person's approval or rejection first`);

/**
 * What analysts do to a case. Each action locks the case row, checks who holds it, changes it and
 * writes the audit entry (before and after) in one transaction.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRecords,
    private readonly approvals: ApprovalRequests,
    private readonly analysts: AnalystDirectory,
    private readonly notifications: AnalystNotifications,
    @Inject(CONSOLE_CONFIG) private readonly config: Pick<ConsoleConfig, 'fourEyes'>,
  ) {}

  /** `detail` joins the audit entry's after, e.g. the bulk request an action was part of. */
  claim(id: string, me: SessionAnalyst, detail: Record<string, unknown> = {}) {
    return this.act(
      id,
      me,
      'case.claimed',
      async (db, c) => {
        const verdict = claimVerdict(c, actor(me));
        if (typeof verdict === 'object') return this.refused(db, verdict, c);
        if (verdict === 'noop') return false;
        await this.update(db, id, { assigneeId: me.id, claimedAt: new Date(), status: c.status === 'open' ? 'in_review' : c.status });
      },
      detail,
    );
  }

  /** `detail.reason`, when given, is told to the analyst the case goes to and to the one it is taken from. */
  assign(id: string, analystId: string, me: SessionAnalyst, detail: Record<string, unknown> = {}) {
    return this.act(
      id,
      me,
      'case.assigned',
      async (db, c) => {
        const refusal = assignVerdict(c);
        if (typeof refusal === 'object') return this.refused(db, refusal, c);
        const target = await this.analysts.stateOf(db, analystId);
        if (!target || target.disabled) return fail('INVALID_BODY', `analystId: no active analyst with id ${analystId}`);
        await this.update(db, id, { assigneeId: analystId, claimedAt: new Date(), status: c.status === 'open' ? 'in_review' : c.status });
        if (analystId !== c.assigneeId) {
          const told = { caseId: id, byName: me.displayName, detail: typeof detail.reason === 'string' ? detail.reason : null };
          await this.notifications.notify(db, [
            ...(analystId !== me.id ? [{ ...told, analystId, kind: 'assigned' as const }] : []),
            ...(c.assigneeId && c.assigneeId !== me.id ? [{ ...told, analystId: c.assigneeId, kind: 'unassigned' as const }] : []),
          ]);
        }
      },
      detail,
    );
  }

  release(id: string, me: SessionAnalyst) {
    return this.act(id, me, 'case.released', async (db, c) => {
      const verdict = releaseVerdict(c, actor(me));
      if (typeof verdict === 'object') return this.refused(db, verdict, c);
      if (verdict === 'noop') return false;
      await this.update(db, id, { assigneeId: null, claimedAt: null, status: 'open' });
    });
  }

  async changeStatus(id: string, body: StatusBody, me: SessionAnalyst, detail: Record<string, unknown> = {}) {
    // Read before the case is locked: the flagged loans are written by the detector, not by actions.
    const amountMinor = body.status === 'resolved' ? await this.approvals.caseAmountMinor(this.transactions.autocommit, id) : 0;
    const needsApproval = body.status === 'resolved' && resolutionNeedsApproval(body.resolution, amountMinor, this.config.fourEyes);
    return this.act(
      id,
      me,
      needsApproval ? 'case.resolution_requested' : 'case.status_changed',
      async (db, c) => {
        const refusal = statusVerdict(c, body.status, actor(me));
        if (typeof refusal === 'object') return this.refused(db, refusal, c);
        if (body.status === 'resolved') {
          const waiting = await this.approvals.pendingResolution(db, id);
          if (waiting) return approvalPending(waiting.requested_by);
          if (needsApproval) {
            // The case stays as it is (in review, with its holder) until a second person approves.
            const payload = { resolution: body.resolution, reasonCode: body.reasonCode, note: body.note ? scrubPii(body.note) : null, amountMinor };
            const approvalId = await this.approvals.holdResolution(db, id, payload, me.actor, me.id);
            await this.update(db, id, {});
            return { approval: { id: approvalId, status: 'pending', ...payload } };
          }
          await this.update(db, id, {
            status: 'resolved',
            resolution: body.resolution,
            resolutionReason: body.reasonCode,
            resolutionNote: body.note ? scrubPii(body.note) : null,
            resolvedAt: new Date(),
          });
        } else if (body.status === 'in_review') {
          await this.update(db, id, { status: 'in_review', assigneeId: c.assigneeId ?? me.id, claimedAt: c.claimedAt ?? new Date() });
        } else {
          await this.update(db, id, { status: 'open', assigneeId: null, claimedAt: null });
        }
      },
      detail,
    );
  }

  /**
   * A second person's approval of confirmed fraud carried out, in the approval's transaction: the
   * case is resolved as its requester asked, and the audit entry names both.
   */
  applyApprovedResolution(db: Transaction, id: string, payload: ApprovedResolution, requestedBy: string, me: SessionAnalyst) {
    return this.act(
      id,
      me,
      'case.resolution_approved',
      async (inner, c) => {
        if (c.status === 'resolved') return resolvedError(c);
        await this.update(inner, id, {
          status: 'resolved',
          resolution: payload.resolution,
          resolutionReason: payload.reasonCode,
          resolutionNote: payload.note,
          resolvedAt: new Date(),
        });
      },
      { requestedBy, approvedBy: me.actor },
      db,
    );
  }

  /** A rejected request leaves the case as it was; the rejection is on its audit trail. */
  recordRejectedResolution(db: Transaction, id: string, requestedBy: string, note: string | null, me: SessionAnalyst) {
    return this.act(
      id,
      me,
      'case.resolution_rejected',
      async (inner) => {
        await this.update(inner, id, {});
      },
      { requestedBy, rejectedBy: me.actor, note },
      db,
    );
  }

  /**
   * A supervisor takes back a resolved case (a borrower's late "not me", a mistaken resolution):
   * open, unassigned, with the reason as a note and in the audit trail. Refused while the account
   * has another case open, which already collects its new hits.
   */
  reopen(id: string, reason: string, me: SessionAnalyst) {
    return this.act(
      id,
      me,
      'case.reopened',
      async (db, c) => {
        const refusal = reopenVerdict(c);
        if (typeof refusal === 'object') return this.refused(db, refusal, c);
        const other = await this.cases.otherOpenCase(db, c.accountId, id);
        if (other) return fail('ANOTHER_CASE_OPEN', `the account already has case ${other} open; work that one`);
        await this.update(db, id, { status: 'open', resolution: null, resolutionReason: null, resolutionNote: null, resolvedAt: null, assigneeId: null, claimedAt: null });
        await this.insertNote(db, id, `[reopened] ${reason}`, me);
      },
      { reason },
    );
  }

  escalate(id: string, reason: string, me: SessionAnalyst, detail: Record<string, unknown> = {}) {
    return this.act(
      id,
      me,
      'case.escalated',
      async (db, c) => {
        const refusal = escalationRefusal(c, actor(me));
        if (refusal) return this.refused(db, refusal, c);
        await this.update(db, id, escalatedCase(me.actor, new Date()));
        await this.insertNote(db, id, `[escalated] ${reason}`, me);
      },
      { reason, ...detail },
    );
  }

  addNote(id: string, body: string, me: SessionAnalyst) {
    return this.act(id, me, 'case.note_added', async (db) => {
      const note = await this.insertNote(db, id, body, me);
      const mentioned = mentionedIn(note.body, await this.analysts.mentionable(db), me.id);
      await this.notifications.notify(
        db,
        mentioned.map((a) => ({ analystId: a.id, kind: 'mention' as const, caseId: id, byName: me.displayName, detail: excerpt(note.body) })),
      );
      // The live feed reads cases by updated_at: a note is a change of the case, so colleagues'
      // open pages reload and show it.
      await this.update(db, id, {});
      return { note };
    });
  }

  /** A supervisor sees one masked field in full; the reveal, not the value, is audited. */
  async reveal(id: string, body: RevealBody, me: SessionAnalyst) {
    return this.transactions.run(async (db) => {
      const found = await this.cases.find(db, id);
      if (!found) return caseNotFound(id);
      let value: string | undefined;
      if (body.field === 'holderName') {
        if (!body.eventId) return fail('INVALID_BODY', 'eventId: say which event’s card holder to reveal');
        const event = await this.cases.eventOf(db, body.eventId, found.accountId);
        const payload = event?.payload as { card?: { holderName?: string } } | undefined;
        value = payload?.card?.holderName;
      } else {
        value = await this.cases.currentContact(db, found.accountId, body.field);
      }
      if (value === undefined) return fail('FIELD_NOT_FOUND', `this case's account has no ${body.field} to reveal`);
      await audit(db, { actor: me.actor, action: 'pii.revealed', entityType: 'case', entityId: id, after: { field: body.field, eventId: body.eventId } });
      return ok({ field: body.field, value });
    });
  }

  /**
   * Every refusal comes before the action writes anything, so a refused action returns its refusal
   * from the transaction and leaves nothing behind to roll back.
   */
  private async act<T extends object | void | false, C extends ApiErrorCode = never>(
    id: string,
    me: SessionAnalyst,
    action: string,
    change: (db: Transaction, current: FraudCaseEntity) => Promise<T | Failed<C>>,
    detail: Record<string, unknown> = {},
    outer?: Transaction,
  ) {
    const run = async (db: Transaction) => {
      const before = await this.cases.lock(db, id);
      if (!before) return caseNotFound(id);
      const result = await change(db, before);
      if (isFailed(result)) return result;
      const after = await this.cases.get(db, id);
      // Repeating an action that is already in effect (claiming one's own case) changes nothing and records nothing.
      if (result !== false) {
        await this.cases.markFirstAction(db, id);
        await audit(db, { actor: me.actor, action, entityType: 'case', entityId: id, before: snapshot(before), after: { ...snapshot(after), ...detail, ...(result || {}) } });
      }
      return ok({ case: after, ...(result || {}) });
    };
    return outer ? run(outer) : this.transactions.run(run);
  }

  private async update(db: Transaction, id: string, change: Partial<FraudCaseEntity>) {
    await this.cases.update(db, id, change);
  }

  private async insertNote(db: Transaction, caseId: string, body: string, me: SessionAnalyst) {
    // Analysts paste from other systems; a card or ID number in a note would outlive every mask.
    const note = await this.cases.addNote(db, caseId, me.actor, me.id, scrubPii(body));
    return { id: note.id, author: me.actor, body: note.body, createdAt: note.created_at };
  }

  /** A decision of @sentinel/rules that refused, as the refusal its route answers: only the codes that decision can give. */
  private async refused<R extends CaseRefusal>(db: Transaction, refusal: R, c: FraudCaseEntity): Promise<Failed<R['code']>> {
    return this.refusalOf(db, refusal, c);
  }

  private async refusalOf(db: Transaction, r: CaseRefusal, c: FraudCaseEntity): Promise<Failed<CaseRefusal['code']>> {
    switch (r.code) {
      case 'CASE_RESOLVED':
        return resolvedError(r);
      case 'ESCALATED':
        return escalatedError(r);
      case 'INVALID_TRANSITION':
        return fail('INVALID_TRANSITION', `a case that is ${r.from} cannot become ${r.to}; allowed: ${r.allowed.join(', ') || 'none (resolved cases are final)'}`);
      case 'NOT_RESOLVED':
        return fail('NOT_RESOLVED', `the case is ${r.status}; only a resolved case can be reopened`);
      case 'CASE_HELD': {
        // Names the holder and since when, so the analyst knows whom to ask.
        const holder = await this.analysts.nameOf(db, r.holderId);
        return fail('CASE_HELD', `${holder?.display_name ?? 'another analyst'} (${holder?.username}) is working this case since ${c.claimedAt?.toISOString()}`, {
          holder: { id: r.holderId, username: holder?.username, displayName: holder?.display_name, since: c.claimedAt },
        });
      }
    }
  }
}
