import { Injectable } from '@nestjs/common';
import { ok } from '@sentinel/contracts';
import { AccountCases, CaseRecords, EntityGraph, Transactions } from '@sentinel/persistence';
import { maskEntity } from '@sentinel/rules';
import { IpMasker } from '../ip-mask/ip-masker';
import { caseNotFound } from '../cases/case-detail.service';
import { entityKey, expandRing, RING_LIMITS, type RingEntity, type RingLookups } from './ring-bounds';

/** The accounts around a case, through the entity index, each with its newest case: what an analyst reads as a ring. */
@Injectable()
export class RingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly caseRecords: CaseRecords,
    private readonly graph: EntityGraph,
    private readonly accountCases: AccountCases,
    private readonly ips: IpMasker,
  ) {}

  async ring(caseId: string, { hops, around, maxNodes }: { hops: 1 | 2; around?: string; maxNodes: number }) {
    const found = await this.caseRecords.find(this.transactions.autocommit, caseId);
    if (!found) return caseNotFound(caseId);
    const centre = around ?? found.accountId;
    const limits = { ...RING_LIMITS, hops, maxNodes };
    const graph = await expandRing(centre, this.lookups(), limits);
    const accountIds = graph.nodes.map((n) => n.accountId);
    const times = new Map((await this.graph.linkTimes(graph.entities, accountIds)).map((t) => [entityKey(t), t]));
    // The case an analyst would open for each account: its open one, else its newest.
    const cases = await this.accountCases.toOpen(accountIds);
    const caseOf = new Map(cases.map((c) => [c.accountId, c]));
    return ok({
      accountId: centre,
      limits,
      truncated: graph.truncated,
      nodes: graph.nodes.map((n) => {
        const c = caseOf.get(n.accountId);
        return { ...n, case: c ? { id: c.id, referenceCode: c.referenceCode, status: c.status, decision: c.decision, score: c.score } : null };
      }),
      // The value stays whole for the pivot's link (masked too, for an analyst); what the page shows is masked as everywhere else.
      entities: graph.entities.map((e) => {
        const seen = times.get(entityKey(e));
        return { ...e, masked: e.kind === 'ip' ? this.ips.mask(e.value) : maskEntity(e.kind, e.value), firstAt: seen?.firstAt ?? null, lastAt: seen?.lastAt ?? null };
      }),
    });
  }

  private lookups(): RingLookups {
    return {
      entitiesOf: async (accountIds, limit) => {
        const byAccount = new Map<string, RingEntity[]>();
        for (const r of await this.graph.entitiesOf(accountIds, limit)) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), { kind: r.kind, value: r.value }]);
        return byAccount;
      },
      accountsOf: async (entities, limit) => {
        const byEntity = new Map<string, string[]>();
        for (const r of await this.graph.accountsOf(entities, limit)) {
          const key = entityKey(r);
          byEntity.set(key, [...(byEntity.get(key) ?? []), r.accountId]);
        }
        return byEntity;
      },
    };
  }
}
