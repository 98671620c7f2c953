import { Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { audit, RingGroups, Transactions } from '@sentinel/persistence';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { CaseBulkService } from '../case-work/case-bulk.service';
import type { RingDecisionBody } from './ring-group.schema';
import { RingService } from './ring.service';
import { RING_LIMITS } from './ring-bounds';

const notFound = (id: string) => fail('RING_GROUP_NOT_FOUND', `no ring investigation ${id}`);

/**
 * A ring investigated as one: the unresolved cases of the accounts around a case (as its ring graph
 * finds them, two hops out) grouped under it, read on one page, and decided with one decision that
 * resolves each case through the same path as resolving it alone, each in its own audit.
 */
@Injectable()
export class RingGroupsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly groups: RingGroups,
    private readonly rings: RingService,
    private readonly bulk: CaseBulkService,
  ) {}

  async ofCase(caseId: string) {
    const id = await this.groups.groupOf(this.transactions.autocommit, caseId);
    return { group: id ? ((await this.groups.get(this.transactions.autocommit, id)) ?? null) : null };
  }

  async get(id: string) {
    const group = await this.groups.get(this.transactions.autocommit, id);
    return group ? ok(group) : notFound(id);
  }

  /** Groups the case's ring; a case already in an investigation opens that one rather than a second. */
  async create(caseId: string, me: SessionAnalyst) {
    const ring = await this.rings.ring(caseId, { hops: 2, maxNodes: RING_LIMITS.maxNodes });
    if (!ring.ok) return ring;
    const others = ring.value.nodes.flatMap((n) => (n.case && n.case.status !== 'resolved' && n.case.id !== caseId ? [n.case.id] : []));
    const id = await this.transactions.run(async (db) => {
      const existing = await this.groups.groupOf(db, caseId);
      if (existing) return existing;
      const created = await this.groups.create(db, caseId, others, me.actor);
      await audit(db, { actor: me.actor, action: 'ring_group.created', entityType: 'ring_group', entityId: created.id, after: { anchorCaseId: caseId, caseIds: created.caseIds } });
      for (const grouped of created.caseIds) {
        await audit(db, { actor: me.actor, action: 'case.grouped', entityType: 'case', entityId: grouped, after: { ringGroup: created.id, anchorCaseId: caseId } });
      }
      return created.id;
    });
    return this.get(id);
  }

  /** Resolves every unresolved case of the group as decided; each case answers for itself, as in a bulk action. */
  async decide(id: string, body: RingDecisionBody, me: SessionAnalyst) {
    const group = await this.groups.get(this.transactions.autocommit, id);
    if (!group) return notFound(id);
    const open = group.cases.filter((c) => c.status !== 'resolved').map((c) => c.id);
    if (open.length === 0) return ok({ batch: '', done: 0, refused: 0, results: [] });
    const outcome = await this.bulk.apply({ action: 'resolve', caseIds: open, ...body }, me, { ringGroup: id });
    if (!outcome.ok) return outcome;
    await audit(this.transactions.autocommit, {
      actor: me.actor,
      action: 'ring_group.decided',
      entityType: 'ring_group',
      entityId: id,
      after: {
        resolution: body.resolution,
        reasonCode: body.reasonCode,
        note: body.note,
        batch: outcome.value.batch,
        outcomes: outcome.value.results.map((r) => ({ id: r.id, ok: r.ok, ...(r.ok ? { status: r.status } : { error: r.error }) })),
      },
    });
    return outcome;
  }
}
