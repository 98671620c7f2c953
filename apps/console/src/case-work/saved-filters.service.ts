import { Injectable } from '@nestjs/common';
import { type Failed, fail, ok } from '@sentinel/contracts';
import { audit, type SavedFilter, SavedFilters, type Transaction, Transactions } from '@sentinel/persistence';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { SAVED_FILTERS_MAX, type SavedFilterBody, type SavedFilterPatch } from './saved-filter.schema';

/**
 * Saved queue filters: each analyst's own, and those shared with their team. A filter the analyst
 * can neither own nor see is "not found", never "forbidden", so ids reveal nothing; a teammate's
 * shared one is seen and applied but refused to change. Every write is audited.
 */
@Injectable()
export class SavedFiltersService {
  constructor(
    private readonly filters: SavedFilters,
    private readonly transactions: Transactions,
  ) {}

  list(me: SessionAnalyst): Promise<SavedFilter[]> {
    return this.filters.list(me.id);
  }

  async get(id: string, me: SessionAnalyst) {
    const found = await this.filters.get(id, me.id);
    return found ? ok(found) : notFound(id);
  }

  async create(body: SavedFilterBody, me: SessionAnalyst) {
    const count = await this.filters.count(me.id);
    if (count >= SAVED_FILTERS_MAX) return fail('TOO_MANY_FILTERS', `you have ${count} saved filters, the most there can be; delete one first`);
    const visibility = body.visibility ?? 'private';
    if (visibility === 'team' && !(await this.filters.teamOf(me.id))) return noTeam();
    return this.unique(body.name, (db) =>
      this.filters.create(db, me.id, body.name, body.query, visibility).then(async (created) => {
        await this.audited(db, me, 'saved_filter.created', created.id, undefined, { name: created.name, query: created.query, visibility });
        return ok(created);
      }),
    );
  }

  async update(id: string, patch: SavedFilterPatch, me: SessionAnalyst) {
    const before = await this.filters.get(id, me.id);
    if (!before) return notFound(id);
    if (!before.mine) return notYours(before);
    if (patch.visibility === 'team' && !(await this.filters.teamOf(me.id))) return noTeam();
    return this.unique(patch.name ?? before.name, async (db) => {
      const updated = await this.filters.update(db, id, me.id, { name: patch.name ?? null, query: patch.query ?? null, visibility: patch.visibility ?? null });
      if (!updated) return notFound(id);
      const fields = (f: SavedFilter) => ({ name: f.name, query: f.query, visibility: f.visibility });
      await this.audited(db, me, 'saved_filter.changed', id, fields(before), fields(updated));
      return ok(updated);
    });
  }

  async remove(id: string, me: SessionAnalyst) {
    const found = await this.filters.get(id, me.id);
    if (found && !found.mine) return notYours(found);
    return this.transactions.run(async (db) => {
      const deleted = await this.filters.remove(db, id, me.id);
      if (!deleted) return notFound(id);
      await this.audited(db, me, 'saved_filter.deleted', id, deleted, undefined);
      return ok(undefined);
    });
  }

  private audited(db: Transaction, me: SessionAnalyst, action: string, id: string, before: object | undefined, after: object | undefined) {
    return audit(db, { actor: me.actor, action, entityType: 'saved_filter', entityId: id, before, after });
  }

  /** The unique index on (analyst, name) is what refuses a second filter of one name, even between two requests at once. */
  private async unique<R>(name: string, write: (db: Transaction) => Promise<R>): Promise<R | Failed<'FILTER_NAME_TAKEN'>> {
    try {
      return await this.transactions.run(write);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return fail('FILTER_NAME_TAKEN', `you already have a filter named "${name}"`);
      throw err;
    }
  }
}

const notFound = (id: string) => fail('FILTER_NOT_FOUND', `no saved filter ${id} of yours or your team's`);
const notYours = (filter: SavedFilter) => fail('FILTER_NOT_YOURS', `"${filter.name}" is ${filter.owner.displayName}'s, shared with the team: only they change or delete it`);
const noTeam = () => fail('NO_TEAM', 'you are in no team to share a filter with; an admin puts you in one');
