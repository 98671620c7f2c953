import type { Transaction } from '../../transactions';

/** Who an analyst id stands for, as the case actions name a holder or check an assignee and bulk actions name who holds their cases. */
export abstract class AnalystDirectory {
  abstract nameOf(db: Transaction, id: string): Promise<{ username: string; display_name: string } | undefined>;
  abstract stateOf(db: Transaction, id: string): Promise<{ id: string; disabled: boolean } | undefined>;
  /** The display name of each of these analysts there is. */
  abstract displayNames(db: Transaction, ids: string[]): Promise<Map<string, string>>;
  /** The id of the account with this username, if there is one. */
  abstract idOf(db: Transaction, username: string): Promise<string | undefined>;
  /** Every enabled analyst, by handle and name: whom a note may @mention. */
  abstract mentionable(db: Transaction): Promise<{ id: string; username: string; displayName: string }[]>;
}

export class AnalystDirectoryRepository implements AnalystDirectory {
  async nameOf(db: Transaction, id: string): Promise<{ username: string; display_name: string } | undefined> {
    const [holder]: { username: string; display_name: string }[] = await db.query(`SELECT username, display_name FROM analyst WHERE id = $1`, [id]);
    return holder;
  }

  async stateOf(db: Transaction, id: string): Promise<{ id: string; disabled: boolean } | undefined> {
    const [target]: { id: string; disabled: boolean }[] = await db.query(`SELECT id, disabled FROM analyst WHERE id = $1`, [id]);
    return target;
  }

  async displayNames(db: Transaction, ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; display_name: string }[] = await db.query(`SELECT id, display_name FROM analyst WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((a) => [a.id, a.display_name]));
  }

  mentionable(db: Transaction): Promise<{ id: string; username: string; displayName: string }[]> {
    return db.query(`SELECT id, username, display_name AS "displayName" FROM analyst WHERE NOT disabled`);
  }

  async idOf(db: Transaction, username: string): Promise<string | undefined> {
    const [found]: { id: string }[] = await db.query(`SELECT id FROM analyst WHERE username = $1`, [username]);
    return found?.id;
  }
}
