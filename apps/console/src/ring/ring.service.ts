import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FraudCaseEntity } from '@sentinel/persistence';
import { maskEntity } from '@sentinel/rules';
import { IpMasker } from '../ip-mask/ip-masker';
import type { DataSource } from 'typeorm';
import { caseNotFound } from '../cases/case-detail.service';
import { entityKey, expandRing, RING_LIMITS, type RingEntity, type RingLookups } from './ring-bounds';

/** The accounts around a case, through the entity index, each with its newest case: what an analyst reads as a ring. */
@Injectable()
export class RingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ips: IpMasker,
  ) {}

  async ring(caseId: string, hops: 1 | 2) {
    const found = await this.dataSource.getRepository(FraudCaseEntity).findOneBy({ id: caseId });
    if (!found) throw caseNotFound(caseId);
    const graph = await expandRing(found.accountId, this.lookups(), { ...RING_LIMITS, hops });
    const accountIds = graph.nodes.map((n) => n.accountId);
    // The case an analyst would open for each account: its open one, else its newest.
    const cases: { accountId: string; id: string; referenceCode: string; status: string; decision: string; score: number }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (account_id) account_id AS "accountId", id, reference_code AS "referenceCode", status, decision, score
         FROM fraud_case WHERE account_id = ANY($1::text[])
        ORDER BY account_id, (status <> 'resolved') DESC, opened_at DESC`,
      [accountIds],
    );
    const caseOf = new Map(cases.map((c) => [c.accountId, c]));
    return {
      accountId: found.accountId,
      limits: { ...RING_LIMITS, hops },
      truncated: graph.truncated,
      nodes: graph.nodes.map((n) => {
        const c = caseOf.get(n.accountId);
        return { ...n, case: c ? { id: c.id, referenceCode: c.referenceCode, status: c.status, decision: c.decision, score: c.score } : null };
      }),
      // The value stays whole for the pivot's link (masked too, for an analyst); what the page shows is masked as everywhere else.
      entities: graph.entities.map((e) => ({ ...e, masked: e.kind === 'ip' ? this.ips.mask(e.value) : maskEntity(e.kind, e.value) })),
    };
  }

  private lookups(): RingLookups {
    return {
      entitiesOf: async (accountIds, limit) => {
        const rows: { account_id: string; kind: RingEntity['kind']; value: string }[] = await this.dataSource.query(
          `SELECT a.account_id, e.kind, e.value
             FROM unnest($1::text[]) AS a(account_id)
             CROSS JOIN LATERAL (
               SELECT kind, value FROM entity_link WHERE account_id = a.account_id
                GROUP BY kind, value ORDER BY max(at) DESC, kind, value LIMIT $2) e`,
          [accountIds, limit],
        );
        const byAccount = new Map<string, RingEntity[]>();
        for (const r of rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), { kind: r.kind, value: r.value }]);
        return byAccount;
      },
      accountsOf: async (entities, limit) => {
        const rows: { kind: string; value: string; account_id: string }[] = await this.dataSource.query(
          `SELECT e.kind, e.value, l.account_id
             FROM unnest($1::text[], $2::text[]) AS e(kind, value)
             CROSS JOIN LATERAL (
               SELECT account_id FROM entity_link WHERE kind = e.kind AND value = e.value
                GROUP BY account_id ORDER BY max(at) DESC, account_id LIMIT $3) l`,
          [entities.map((e) => e.kind), entities.map((e) => e.value), limit],
        );
        const byEntity = new Map<string, string[]>();
        for (const r of rows) {
          const key = entityKey(r as RingEntity);
          byEntity.set(key, [...(byEntity.get(key) ?? []), r.account_id]);
        }
        return byEntity;
      },
    };
  }
}
