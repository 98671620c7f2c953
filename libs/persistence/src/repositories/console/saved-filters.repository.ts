import type { DataSource } from 'typeorm';

export interface SavedFilter {
  id: string;
  name: string;
  query: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, name, query, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Each analyst's own saved queue filters: every method is scoped to the analyst. A name taken twice fails with 23505. */
export abstract class SavedFilters {
  abstract list(analystId: string): Promise<SavedFilter[]>;
  abstract get(id: string, analystId: string): Promise<SavedFilter | undefined>;
  abstract count(analystId: string): Promise<number>;
  abstract create(analystId: string, name: string, query: string): Promise<SavedFilter>;
  /** Changes the name or query given (null keeps it); undefined when the analyst has no such filter. */
  abstract update(id: string, analystId: string, name: string | null, query: string | null): Promise<SavedFilter | undefined>;
  /** Whether the analyst had such a filter. */
  abstract remove(id: string, analystId: string): Promise<boolean>;
}

export class SavedFiltersRepository implements SavedFilters {
  constructor(private readonly dataSource: DataSource) {}

  list(analystId: string): Promise<SavedFilter[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM saved_filter WHERE analyst_id = $1 ORDER BY name`, [analystId]);
  }

  async get(id: string, analystId: string): Promise<SavedFilter | undefined> {
    const [found]: SavedFilter[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM saved_filter WHERE id = $1 AND analyst_id = $2`, [id, analystId]);
    return found;
  }

  async count(analystId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM saved_filter WHERE analyst_id = $1`, [analystId]);
    return count;
  }

  async create(analystId: string, name: string, query: string): Promise<SavedFilter> {
    const [created]: SavedFilter[] = await this.dataSource.query(`INSERT INTO saved_filter (analyst_id, name, query) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [
      analystId,
      name,
      query,
    ]);
    return created;
  }

  async update(id: string, analystId: string, name: string | null, query: string | null): Promise<SavedFilter | undefined> {
    const [[updated]]: [SavedFilter[], number] = await this.dataSource.query(
      `UPDATE saved_filter SET name = COALESCE($3, name), query = COALESCE($4, query), updated_at = now()
        WHERE id = $1 AND analyst_id = $2 RETURNING ${COLUMNS}`,
      [id, analystId, name, query],
    );
    return updated;
  }

  async remove(id: string, analystId: string): Promise<boolean> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(`DELETE FROM saved_filter WHERE id = $1 AND analyst_id = $2`, [id, analystId]);
    return Boolean(deleted);
  }
}
