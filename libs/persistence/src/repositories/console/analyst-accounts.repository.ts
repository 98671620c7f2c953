import type { DataSource } from 'typeorm';
import { AnalystEntity, type AnalystRole } from '../../entities/analyst.entity';
import type { Transaction } from '../../transactions';

export interface NewAnalyst {
  username: string;
  displayName: string;
  role: AnalystRole;
  passwordHash: string;
  team?: string | null;
}

/** What an admin changes on an account; a field left out keeps its value. */
export interface AnalystChange {
  displayName?: string;
  role?: AnalystRole;
  disabled?: boolean;
  passwordHash?: string;
  /** null takes the analyst out of their team. */
  team?: string | null;
}

/** The analyst accounts as admins manage them: listed, added, changed. */
export abstract class AnalystAccounts {
  /** Whether any account exists yet (the first admin comes from the environment). */
  abstract any(): Promise<boolean>;
  /** Every account, by username. */
  abstract list(): Promise<AnalystEntity[]>;
  /** Adds an account; its id, or undefined when the username is taken. */
  abstract add(db: Transaction, analyst: NewAnalyst): Promise<string | undefined>;
  /** Locks the account until the transaction ends; null when there is none. */
  abstract lock(db: Transaction, id: string): Promise<AnalystEntity | null>;
  /** The account as it is now; throws when there is none. */
  abstract get(db: Transaction, id: string): Promise<AnalystEntity>;
  /** Changes the account; a new password also clears its failed logins and any lock they put on it. */
  abstract change(db: Transaction, id: string, change: AnalystChange): Promise<void>;
}

export class AnalystAccountsRepository implements AnalystAccounts {
  constructor(private readonly dataSource: DataSource) {}

  async any(): Promise<boolean> {
    const [{ any }]: { any: boolean }[] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM analyst) AS any`);
    return any;
  }

  list(): Promise<AnalystEntity[]> {
    return this.dataSource.getRepository(AnalystEntity).find({ order: { username: 'ASC' } });
  }

  async add(db: Transaction, analyst: NewAnalyst): Promise<string | undefined> {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO analyst (username, display_name, role, password_hash, team) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [analyst.username, analyst.displayName, analyst.role, analyst.passwordHash, analyst.team ?? null],
    );
    return rows[0]?.id;
  }

  lock(db: Transaction, id: string): Promise<AnalystEntity | null> {
    return db.getRepository(AnalystEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  get(db: Transaction, id: string): Promise<AnalystEntity> {
    return db.getRepository(AnalystEntity).findOneByOrFail({ id });
  }

  async change(db: Transaction, id: string, change: AnalystChange): Promise<void> {
    await db.query(
      `UPDATE analyst SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), disabled = COALESCE($4, disabled),
              password_hash = COALESCE($5, password_hash), password_changed_at = CASE WHEN $5::text IS NULL THEN password_changed_at ELSE now() END,
              failed_logins = CASE WHEN $5::text IS NULL THEN failed_logins ELSE 0 END,
              locked_until = CASE WHEN $5::text IS NULL THEN locked_until END,
              team = CASE WHEN $6 THEN $7 ELSE team END
        WHERE id = $1`,
      [id, change.displayName ?? null, change.role ?? null, change.disabled ?? null, change.passwordHash ?? null, change.team !== undefined, change.team ?? null],
    );
  }
}
