import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';

export const FILTER_VISIBILITIES = ['private', 'team'] as const;
export type FilterVisibility = (typeof FILTER_VISIBILITIES)[number];

export interface SavedFilter {
  id: string;
  name: string;
  query: string;
  /** `team`: every analyst in the owner's team sees and applies it; only the owner changes it. */
  visibility: FilterVisibility;
  owner: { id: string; displayName: string };
  /** Whether the analyst asking owns it, and so may change or delete it. */
  mine: boolean;
  createdAt: Date;
  updatedAt: Date;
}

type Row = Omit<SavedFilter, 'owner'> & { ownerId: string; ownerName: string };
const toFilter = ({ ownerId, ownerName, ...row }: Row): SavedFilter => ({ ...row, owner: { id: ownerId, displayName: ownerName } });

/** Of `saved_filter f` joined to its owner `o`, as `$1` sees it. */
const COLUMNS = `f.id, f.name, f.query, f.visibility, f.created_at AS "createdAt", f.updated_at AS "updatedAt",
  o.id AS "ownerId", o.display_name AS "ownerName", f.analyst_id = $1 AS mine`;
/** The analyst's own filters, and the ones their teammates share with the team. */
const VISIBLE = `(f.analyst_id = $1 OR (f.visibility = 'team' AND o.team = (SELECT team FROM analyst WHERE id = $1)))`;

/**
 * Saved queue filters as each analyst sees them: their own, and those their team shares. Only the
 * owner writes one (every write is scoped to the owner). A name taken twice by one owner fails with 23505.
 */
export abstract class SavedFilters {
  abstract list(analystId: string): Promise<SavedFilter[]>;
  /** One the analyst owns or their team shares; undefined otherwise. */
  abstract get(id: string, analystId: string): Promise<SavedFilter | undefined>;
  abstract count(analystId: string): Promise<number>;
  /** The analyst's team, or null when in none. */
  abstract teamOf(analystId: string): Promise<string | null>;
  abstract create(db: Transaction, analystId: string, name: string, query: string, visibility: FilterVisibility): Promise<SavedFilter>;
  /** Changes what is given (null keeps it); undefined when the analyst owns no such filter. */
  abstract update(
    db: Transaction,
    id: string,
    analystId: string,
    change: { name: string | null; query: string | null; visibility: FilterVisibility | null },
  ): Promise<SavedFilter | undefined>;
  /** The filter the analyst owned and deleted; undefined when they owned no such filter. */
  abstract remove(db: Transaction, id: string, analystId: string): Promise<{ name: string; visibility: FilterVisibility } | undefined>;
}

export class SavedFiltersRepository implements SavedFilters {
  constructor(private readonly dataSource: DataSource) {}

  async list(analystId: string): Promise<SavedFilter[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM saved_filter f JOIN analyst o ON o.id = f.analyst_id WHERE ${VISIBLE} ORDER BY mine DESC, f.name, o.display_name`,
      [analystId],
    );
    return rows.map(toFilter);
  }

  async get(id: string, analystId: string): Promise<SavedFilter | undefined> {
    const [found]: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM saved_filter f JOIN analyst o ON o.id = f.analyst_id WHERE f.id = $2 AND ${VISIBLE}`, [
      analystId,
      id,
    ]);
    return found && toFilter(found);
  }

  async count(analystId: string): Promise<number> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM saved_filter WHERE analyst_id = $1`, [analystId]);
    return count;
  }

  async teamOf(analystId: string): Promise<string | null> {
    const [row]: { team: string | null }[] = await this.dataSource.query(`SELECT team FROM analyst WHERE id = $1`, [analystId]);
    return row?.team ?? null;
  }

  async create(db: Transaction, analystId: string, name: string, query: string, visibility: FilterVisibility): Promise<SavedFilter> {
    const [{ id }]: { id: string }[] = await db.query(`INSERT INTO saved_filter (analyst_id, name, query, visibility) VALUES ($1, $2, $3, $4) RETURNING id`, [
      analystId,
      name,
      query,
      visibility,
    ]);
    return this.read(db, id, analystId);
  }

  async update(
    db: Transaction,
    id: string,
    analystId: string,
    change: { name: string | null; query: string | null; visibility: FilterVisibility | null },
  ): Promise<SavedFilter | undefined> {
    const [rows]: [{ id: string }[], number] = await db.query(
      `UPDATE saved_filter SET name = COALESCE($3, name), query = COALESCE($4, query), visibility = COALESCE($5, visibility), updated_at = now()
        WHERE id = $1 AND analyst_id = $2 RETURNING id`,
      [id, analystId, change.name, change.query, change.visibility],
    );
    return rows.length ? this.read(db, id, analystId) : undefined;
  }

  async remove(db: Transaction, id: string, analystId: string): Promise<{ name: string; visibility: FilterVisibility } | undefined> {
    const [rows]: [{ name: string; visibility: FilterVisibility }[], number] = await db.query(
      `DELETE FROM saved_filter WHERE id = $1 AND analyst_id = $2 RETURNING name, visibility`,
      [id, analystId],
    );
    return rows[0];
  }

  private async read(db: Transaction, id: string, analystId: string): Promise<SavedFilter> {
    const [row]: Row[] = await db.query(`SELECT ${COLUMNS} FROM saved_filter f JOIN analyst o ON o.id = f.analyst_id WHERE f.id = $2`, [analystId, id]);
    return toFilter(row);
  }
}
