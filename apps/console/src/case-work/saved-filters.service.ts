import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import { SAVED_FILTERS_MAX, type SavedFilterBody, type SavedFilterPatch } from './saved-filter.schema';

export interface SavedFilter {
  id: string;
  name: string;
  query: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, name, query, created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Each analyst's own saved queue filters. Every query is scoped to the analyst: someone else's
 * filter is "not found", never "forbidden", so ids reveal nothing.
 */
@Injectable()
export class SavedFiltersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(me: SessionAnalyst): Promise<SavedFilter[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM saved_filter WHERE analyst_id = $1 ORDER BY name`, [me.id]);
  }

  async get(id: string, me: SessionAnalyst): Promise<SavedFilter> {
    const [found]: SavedFilter[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM saved_filter WHERE id = $1 AND analyst_id = $2`, [id, me.id]);
    if (!found) throw notFound(id);
    return found;
  }

  async create(body: SavedFilterBody, me: SessionAnalyst): Promise<SavedFilter> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM saved_filter WHERE analyst_id = $1`, [me.id]);
    if (count >= SAVED_FILTERS_MAX) {
      throw new BadRequestException({ error: 'TOO_MANY_FILTERS', message: `you have ${count} saved filters, the most there can be; delete one first` });
    }
    return this.unique(body.name, async () => {
      const [created]: SavedFilter[] = await this.dataSource.query(`INSERT INTO saved_filter (analyst_id, name, query) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [
        me.id,
        body.name,
        body.query,
      ]);
      return created;
    });
  }

  async update(id: string, patch: SavedFilterPatch, me: SessionAnalyst): Promise<SavedFilter> {
    return this.unique(patch.name ?? '', async () => {
      const [[updated]]: [SavedFilter[], number] = await this.dataSource.query(
        `UPDATE saved_filter SET name = COALESCE($3, name), query = COALESCE($4, query), updated_at = now()
          WHERE id = $1 AND analyst_id = $2 RETURNING ${COLUMNS}`,
        [id, me.id, patch.name ?? null, patch.query ?? null],
      );
      if (!updated) throw notFound(id);
      return updated;
    });
  }

  async remove(id: string, me: SessionAnalyst): Promise<void> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(`DELETE FROM saved_filter WHERE id = $1 AND analyst_id = $2`, [id, me.id]);
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
