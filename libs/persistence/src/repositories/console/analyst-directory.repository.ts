import type { Transaction } from '../../transactions';

/** Who an analyst id stands for, as the case actions name a holder or check an assignee. */
export abstract class AnalystDirectory {
  abstract nameOf(db: Transaction, id: string): Promise<{ username: string; display_name: string } | undefined>;
  abstract stateOf(db: Transaction, id: string): Promise<{ id: string; disabled: boolean } | undefined>;
  /** The id of the account with this username, if there is one. */
  abstract idOf(db: Transaction, username: string): Promise<string | undefined>;
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

  async idOf(db: Transaction, username: string): Promise<string | undefined> {
    const [found]: { id: string }[] = await db.query(`SELECT id FROM analyst WHERE username = $1`, [username]);
    return found?.id;
  }
}
