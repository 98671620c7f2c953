import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EntityIndexRepository, type EntityRef } from '@sentinel/persistence';
import { maskEntity } from '@sentinel/rules';
import { IpMasker } from '../ip-mask/ip-masker';
import type { DataSource } from 'typeorm';

/** Enough for any ring an analyst can read; a hot entity (a carrier's IP) says it was cut. */
const LINKED_LIMIT = 500;

interface LinkedCase {
  id: string;
  referenceCode: string;
  accountId: string;
  status: string;
  resolution: string | null;
  decision: string;
  priority: string;
  score: number;
  openedAt: Date;
  rules: string[];
}

/** The accounts an entity ties together and their cases, from the detector's entity index. */
@Injectable()
export class EntityLinksService {
  private readonly index = new EntityIndexRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ips: IpMasker,
  ) {}

  async linked(asked: EntityRef) {
    const entity = await this.whole(asked);
    const accounts = await this.index.accountsLinkedTo(this.dataSource.manager, entity, LINKED_LIMIT + 1);
    if (accounts.length === 0) {
      throw new NotFoundException({ error: 'ENTITY_NOT_FOUND', message: `no account is linked to ${asked.kind} ${this.shown(entity)}` });
    }
    const shown = accounts.slice(0, LINKED_LIMIT);
    const cases = await this.dataSource.query<LinkedCase[]>(
      `SELECT c.id, c.reference_code AS "referenceCode", c.account_id AS "accountId", c.status, c.resolution, c.decision, c.priority,
              c.score, c.opened_at AS "openedAt",
              COALESCE(array_agg(DISTINCT h.rule_id ORDER BY h.rule_id) FILTER (WHERE h.rule_id IS NOT NULL), '{}') AS rules
         FROM fraud_case c LEFT JOIN rule_hit h ON h.case_id = c.id
        WHERE c.account_id = ANY($1::text[])
        GROUP BY c.id ORDER BY c.opened_at DESC, c.id LIMIT $2`,
      [shown.map((a) => a.accountId), LINKED_LIMIT],
    );
    return {
      // The value is shown as it is everywhere else: an IP without its host part, a fingerprint shortened.
      entity: { kind: entity.kind, masked: this.shown(entity) },
      accounts: shown,
      accountsTruncated: accounts.length > LINKED_LIMIT,
      cases,
    };
  }

  private shown(entity: EntityRef): string {
    return entity.kind === 'ip' ? this.ips.mask(entity.value) : maskEntity(entity.kind, entity.value);
  }

  /** A masked IP (the pivot an analyst gets) stands for the one IP of its prefix whose keyed hash it carries. */
  private async whole(entity: EntityRef): Promise<EntityRef> {
    const prefix = entity.kind === 'ip' ? this.ips.prefixOf(entity.value) : undefined;
    if (prefix === undefined) return entity;
    const candidates: { value: string }[] = await this.dataSource.query(
      `SELECT DISTINCT value FROM entity_link WHERE kind = 'ip' AND (value LIKE $1 || '%' OR lower(value) LIKE $1 || '%')`,
      [prefix.toLowerCase()],
    );
    return {
      kind: 'ip',
      value:
        this.ips.unmask(
          entity.value,
          candidates.map((c) => c.value),
        ) ?? entity.value,
    };
  }
}
