import { Injectable } from '@nestjs/common';
import { type Failed, fail, ok } from '@sentinel/contracts';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { SAVED_FILTERS_MAX, type SavedFilterBody, type SavedFilterPatch } from './saved-filter.schema';
import { type SavedFilter, SavedFilters } from '@sentinel/persistence';

/**
 * Each analyst's own saved queue filters. Every query is scoped to the analyst: someone else's
 * filter is "not found", never "forbidden", so ids reveal nothing.
 */
@Injectable()
export class SavedFiltersService {
  constructor(private readonly filters: SavedFilters) {}

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
    return this.unique(body.name, async () => ok(await this.filters.create(me.id, body.name, body.query)));
  }

  async update(id: string, patch: SavedFilterPatch, me: SessionAnalyst) {
    return this.unique(patch.name ?? '', async () => {
      const updated = await this.filters.update(id, me.id, patch.name ?? null, patch.query ?? null);
      return updated ? ok(updated) : notFound(id);
    });
  }

  async remove(id: string, me: SessionAnalyst) {
    const deleted = await this.filters.remove(id, me.id);
    return deleted ? ok(undefined) : notFound(id);
  }

  /** The unique index on (analyst, name) is what refuses a second filter of one name, even between two requests at once. */
  private async unique<R>(name: string, write: () => Promise<R>): Promise<R | Failed<'FILTER_NAME_TAKEN'>> {
    try {
      return await write();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return fail('FILTER_NAME_TAKEN', `you already have a filter named "${name}"`);
      throw err;
    }
  }
}

const notFound = (id: string) => fail('FILTER_NOT_FOUND', `no saved filter ${id} of yours`);
