import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
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

  async get(id: string, me: SessionAnalyst): Promise<SavedFilter> {
    const found = await this.filters.get(id, me.id);
    if (!found) throw notFound(id);
    return found;
  }

  async create(body: SavedFilterBody, me: SessionAnalyst): Promise<SavedFilter> {
    const count = await this.filters.count(me.id);
    if (count >= SAVED_FILTERS_MAX) {
      throw new BadRequestException({ error: 'TOO_MANY_FILTERS', message: `you have ${count} saved filters, the most there can be; delete one first` });
    }
    return this.unique(body.name, () => this.filters.create(me.id, body.name, body.query));
  }

  async update(id: string, patch: SavedFilterPatch, me: SessionAnalyst): Promise<SavedFilter> {
    return this.unique(patch.name ?? '', async () => {
      const updated = await this.filters.update(id, me.id, patch.name ?? null, patch.query ?? null);
      if (!updated) throw notFound(id);
      return updated;
    });
  }

  async remove(id: string, me: SessionAnalyst): Promise<void> {
    const deleted = await this.filters.remove(id, me.id);
    if (!deleted) throw notFound(id);
  }

  private async unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new ConflictException({ error: 'FILTER_NAME_TAKEN', message: `you already have a filter named "${name}"` });
      throw err;
    }
  }
}

const notFound = (id: string) => new NotFoundException({ error: 'FILTER_NOT_FOUND', message: `no saved filter ${id} of yours` });
