import { Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { AccountCases, EntityGraph, type EntityRef } from '@sentinel/persistence';
import { maskEntity } from '@sentinel/rules';
import { IpMasker } from '../ip-mask/ip-masker';

/** Enough for any ring an analyst can read; a hot entity (a carrier's IP) says it was cut. */
const LINKED_LIMIT = 500;

/** The accounts an entity ties together and their cases, from the detector's entity index. */
@Injectable()
export class EntityLinksService {
  constructor(
    private readonly graph: EntityGraph,
    private readonly accountCases: AccountCases,
    private readonly ips: IpMasker,
  ) {}

  async linked(asked: EntityRef) {
    const entity = await this.whole(asked);
    const accounts = await this.graph.accountsLinkedTo(entity, LINKED_LIMIT + 1);
    if (accounts.length === 0) {
      return fail('ENTITY_NOT_FOUND', `no account is linked to ${asked.kind} ${this.shown(entity)}`);
    }
    const shown = accounts.slice(0, LINKED_LIMIT);
    const cases = await this.accountCases.newestFirst(
      shown.map((a) => a.accountId),
      LINKED_LIMIT,
    );
    return ok({
      // The value is shown as it is everywhere else: an IP without its host part, a fingerprint shortened.
      entity: { kind: entity.kind, masked: this.shown(entity) },
      accounts: shown,
      accountsTruncated: accounts.length > LINKED_LIMIT,
      cases,
    });
  }

  private shown(entity: EntityRef): string {
    return entity.kind === 'ip' ? this.ips.mask(entity.value) : maskEntity(entity.kind, entity.value);
  }

  /** A masked IP (the pivot an analyst gets) stands for the one IP of its prefix whose keyed hash it carries. */
  private async whole(entity: EntityRef): Promise<EntityRef> {
    const prefix = entity.kind === 'ip' ? this.ips.prefixOf(entity.value) : undefined;
    if (prefix === undefined) return entity;
    return { kind: 'ip', value: this.ips.unmask(entity.value, await this.graph.ipsStartingWith(prefix)) ?? entity.value };
  }
}
