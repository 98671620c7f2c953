import { Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { AnalystDirectory, audit, CaseRecords, Transactions } from '@sentinel/persistence';
import { bulkRequestRefusal, bulkStep } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import { ROLE_RANK, type SessionAnalyst } from '../auth/auth.decorators';
import { CaseActionsService } from '../cases/case-actions.service';
import type { BulkBody } from './case-bulk.schema';

export interface BulkResult {
  id: string;
  referenceCode: string | null;
  ok: boolean;
  /** The case's status after the action, when it was done. */
  status?: string;
  /** Resolved as confirmed fraud above FOUR_EYES_AMOUNT: the case waits for a second approval, unchanged. */
  awaitingApproval?: boolean;
  /** Who holds the case after the action, when it was done: the page shows it without a reload. */
  assignee?: { id: string; displayName: string } | null;
  /** Why it was refused: the same code and words the single action would give. */
  error?: string;
  message?: string;
  /** On CASE_HELD: who holds the case and since when, as the single action says it. */
  holder?: { id: string; username: string; displayName: string; since: string };
}

/**
 * One action over many cases, each in its own transaction through the same code as the single
 * action: a case someone else holds or that is already resolved is refused on its own, and the
 * rest go ahead. Every case's change is its own audit entry, tagged with the batch, and the batch
 * itself is one more entry saying what was asked and how it went.
 */
@Injectable()
export class CaseBulkService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRecords,
    private readonly analysts: AnalystDirectory,
    private readonly actions: CaseActionsService,
  ) {}

  /** `context` joins each case's audit entry beside the batch, e.g. the ring investigation the decision was made in. */
  async apply(body: BulkBody, me: SessionAnalyst, context: Record<string, unknown> = {}) {
    const supervisor = ROLE_RANK[me.role] >= ROLE_RANK.supervisor;
    if (bulkRequestRefusal(body, { id: me.id, supervisor })) {
      return fail('ROLE_REQUIRED', `assigning cases to someone else needs the supervisor role; you are ${me.role}`);
    }
    const batch = randomUUID();
    const ids = [...new Set(body.caseIds)];
    const references = await this.cases.referenceCodes(this.transactions.autocommit, ids);
    const tag = { bulk: batch, ...context, ...(body.action === 'resolve' ? {} : { reason: body.reason }) };
    const results: BulkResult[] = [];
    for (const id of ids) {
      const referenceCode = references.get(id) ?? null;
      const outcome = await this.one(id, body, me, supervisor, tag);
      if (outcome.ok) {
        const after = outcome.value.case;
        results.push({
          id,
          referenceCode,
          ok: true,
          status: after.status,
          ...('approval' in outcome.value ? { awaitingApproval: true } : {}),
          assignee: after.assigneeId ? { id: after.assigneeId, displayName: '' } : null,
        });
      } else {
        // The same code and words (and holder) the single action answers with, as this case's entry.
        const { code, message, details } = outcome.error;
        const holder = details?.holder as BulkResult['holder'] | undefined;
        results.push({ id, referenceCode, ok: false, error: code, message, ...(holder ? { holder } : {}) });
      }
    }
    const done = results.filter((r) => r.ok).length;
    await this.nameAssignees(results);
    await this.transactions.run((db) =>
      audit(db, {
        actor: me.actor,
        action: 'cases.bulk_acted',
        entityType: 'queue',
        entityId: batch,
        after: {
          action: body.action,
          ...(body.action === 'resolve' ? { resolution: body.resolution, reasonCode: body.reasonCode } : { reason: body.reason }),
          ...(body.action === 'assign' ? { analystId: body.analystId } : {}),
          requested: ids.length,
          done,
          refused: ids.length - done,
          // Refused cases changed nothing, so they have no entry of their own; the batch says why.
          refusals: results.filter((r) => !r.ok).map((r) => ({ id: r.id, error: r.error })),
        },
      }),
    );
    return ok({ batch, done, refused: ids.length - done, results });
  }

  private async nameAssignees(results: BulkResult[]): Promise<void> {
    const ids = [...new Set(results.flatMap((r) => (r.assignee ? [r.assignee.id] : [])))];
    if (ids.length === 0) return;
    const names = await this.analysts.displayNames(this.transactions.autocommit, ids);
    for (const r of results) if (r.assignee) r.assignee.displayName = names.get(r.assignee.id) ?? '';
  }

  private async one(id: string, body: BulkBody, me: SessionAnalyst, supervisor: boolean, tag: Record<string, unknown>) {
    switch (body.action) {
      case 'escalate':
        return this.actions.escalate(id, body.reason, me, tag);
      case 'assign':
        return bulkStep('assign', undefined, { supervisor }) === 'assign' ? this.actions.assign(id, body.analystId, me, tag) : this.actions.claim(id, me, tag);
      case 'resolve': {
        const found = await this.cases.find(this.transactions.autocommit, id);
        const step = bulkStep('resolve', found ?? undefined, { supervisor });
        if (typeof step === 'object') return fail('CASE_RESOLVED', `the case was already resolved as ${step.resolution}`);
        if (step === 'claim_then_resolve') {
          const claimed = await this.actions.claim(id, me, tag);
          if (!claimed.ok) return claimed;
        }
        return this.actions.changeStatus(id, { status: 'resolved', resolution: body.resolution, reasonCode: body.reasonCode, note: body.note }, me, tag);
      }
    }
  }
}
