import type { DataSource } from 'typeorm';
import type { EntityRef } from '../entity-index.repository';

export interface LinkedAccount {
  accountId: string;
  events: number;
  sensitiveActions: number;
  eventTypes: string[];
  firstAt: string;
  lastAt: string;
}

/** Which accounts the detector's entity index ties together, as the console's entity and ring pages follow it. */
export abstract class EntityGraph {
  /** Accounts tied to an entity, with how and when, newest first. */
  abstract accountsLinkedTo(entity: EntityRef, limit: number): Promise<LinkedAccount[]>;
  /** The indexed IPs that start with `prefix`, in any letter case: those a masked IP may stand for. */
  abstract ipsStartingWith(prefix: string): Promise<string[]>;
  /** Up to `limit` entities of each account, the most recently linked first. */
  abstract entitiesOf(accountIds: string[], limit: number): Promise<(EntityRef & { accountId: string })[]>;
  /** Up to `limit` accounts of each entity, the most recently linked first. */
  abstract accountsOf(entities: EntityRef[], limit: number): Promise<(EntityRef & { accountId: string })[]>;
  /** When each entity first and last tied any of `accountIds`: the times an analyst filters a ring's links by. */
  abstract linkTimes(entities: EntityRef[], accountIds: string[]): Promise<(EntityRef & { firstAt: string; lastAt: string })[]>;
}

export class EntityGraphRepository implements EntityGraph {
  constructor(private readonly dataSource: DataSource) {}

  async accountsLinkedTo(entity: EntityRef, limit: number): Promise<LinkedAccount[]> {
    const rows: { account_id: string; events: number; sensitive: number; first_at: Date; last_at: Date; event_types: string[] }[] = await this.dataSource.query(
      `SELECT account_id, count(*)::int AS events, count(*) FILTER (WHERE sensitive)::int AS sensitive,
              min(at) AS first_at, max(at) AS last_at, array_agg(DISTINCT event_type ORDER BY event_type) AS event_types
         FROM entity_link WHERE kind = $1 AND value = $2
        GROUP BY account_id ORDER BY max(at) DESC, account_id LIMIT $3`,
      [entity.kind, entity.value, limit],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      events: r.events,
      sensitiveActions: r.sensitive,
      eventTypes: r.event_types,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
    }));
  }

  async ipsStartingWith(prefix: string): Promise<string[]> {
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT DISTINCT value FROM entity_link WHERE kind = 'ip' AND (value LIKE $1 || '%' OR lower(value) LIKE $1 || '%')`,
      [prefix.toLowerCase()],
    );
    return rows.map((r) => r.value);
  }

  async entitiesOf(accountIds: string[], limit: number): Promise<(EntityRef & { accountId: string })[]> {
    return this.dataSource.query(
      `SELECT a.account_id AS "accountId", e.kind, e.value
         FROM unnest($1::text[]) AS a(account_id)
         CROSS JOIN LATERAL (
           SELECT kind, value FROM entity_link WHERE account_id = a.account_id
            GROUP BY kind, value ORDER BY max(at) DESC, kind, value LIMIT $2) e`,
      [accountIds, limit],
    );
  }

  async accountsOf(entities: EntityRef[], limit: number): Promise<(EntityRef & { accountId: string })[]> {
    return this.dataSource.query(
      `SELECT e.kind, e.value, l.account_id AS "accountId"
         FROM unnest($1::text[], $2::text[]) AS e(kind, value)
         CROSS JOIN LATERAL (
           SELECT account_id FROM entity_link WHERE kind = e.kind AND value = e.value
            GROUP BY account_id ORDER BY max(at) DESC, account_id LIMIT $3) l`,
      [entities.map((e) => e.kind), entities.map((e) => e.value), limit],
    );
  }

  async linkTimes(entities: EntityRef[], accountIds: string[]): Promise<(EntityRef & { firstAt: string; lastAt: string })[]> {
    if (entities.length === 0) return [];
    const rows: { kind: EntityRef['kind']; value: string; first_at: Date; last_at: Date }[] = await this.dataSource.query(
      `SELECT e.kind, e.value, t.first_at, t.last_at
         FROM unnest($1::text[], $2::text[]) AS e(kind, value)
         CROSS JOIN LATERAL (
           SELECT min(at) AS first_at, max(at) AS last_at FROM entity_link
            WHERE kind = e.kind AND value = e.value AND account_id = ANY($3::text[])) t
        WHERE t.first_at IS NOT NULL`,
      [entities.map((e) => e.kind), entities.map((e) => e.value), accountIds],
    );
    return rows.map((r) => ({ kind: r.kind, value: r.value, firstAt: r.first_at.toISOString(), lastAt: r.last_at.toISOString() }));
  }
}
