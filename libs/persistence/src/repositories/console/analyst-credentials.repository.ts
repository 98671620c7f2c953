import type { DataSource } from 'typeorm';
import type { AnalystRole } from '../../entities/analyst.entity';
import type { Transaction } from '../../transactions';

/** An account as a session knows it. */
export interface AnalystIdentity {
  id: string;
  username: string;
  display_name: string;
  role: AnalystRole;
  disabled: boolean;
}

/** How many failed logins lock an account, and for how long. */
export interface LoginLockout {
  maxFailures: number;
  lockSeconds: number;
}

/** An analyst's password, and the failed logins that lock the account against guessing. */
export abstract class AnalystCredentials {
  /**
   * Counts a login attempt on an existing, unlocked account as a failure before its password is
   * checked, locking the account when that reaches `maxFailures`; the account with its password
   * hash, or undefined when the username is unknown or the account locked.
   */
  abstract countAttempt(username: string, lockout: LoginLockout): Promise<(AnalystIdentity & { password_hash: string }) | undefined>;
  /** Whether failed logins have locked the account. */
  abstract isLocked(id: string): Promise<boolean>;
  abstract passwordHashOf(id: string): Promise<string | undefined>;
  /** A login succeeded: the failed ones before it no longer count. */
  abstract loggedIn(db: Transaction, id: string): Promise<void>;
  /** A new password, which also clears the failed logins and any lock they put on the account. */
  abstract setPassword(db: Transaction, id: string, passwordHash: string): Promise<void>;
}

export class AnalystCredentialsRepository implements AnalystCredentials {
  constructor(private readonly dataSource: DataSource) {}

  async countAttempt(username: string, lockout: LoginLockout): Promise<(AnalystIdentity & { password_hash: string }) | undefined> {
    // One statement that row-locks the account: parallel guesses queue on it.
    const [row]: (AnalystIdentity & { password_hash: string })[] = await this.dataSource.query(
      // Through a CTE: TypeORM returns a bare UPDATE's rows wrapped with its row count.
      `WITH attempt AS (
         SELECT id, CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END AS failures
           FROM analyst WHERE username = $1 AND (locked_until IS NULL OR locked_until <= now()) FOR UPDATE),
       counted AS (
         UPDATE analyst a SET
           failed_logins = attempt.failures,
           locked_until = CASE WHEN attempt.failures >= $2 THEN now() + make_interval(secs => $3) ELSE NULL END
           FROM attempt WHERE a.id = attempt.id
         RETURNING a.id, a.username, a.display_name, a.role, a.disabled, a.password_hash)
       SELECT * FROM counted`,
      [username, lockout.maxFailures, lockout.lockSeconds],
    );
    return row;
  }

  async isLocked(id: string): Promise<boolean> {
    const [row]: { locked: boolean }[] = await this.dataSource.query(`SELECT locked_until IS NOT NULL AS locked FROM analyst WHERE id = $1`, [id]);
    return row?.locked === true;
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    const [row]: { password_hash: string }[] = await this.dataSource.query(`SELECT password_hash FROM analyst WHERE id = $1`, [id]);
    return row?.password_hash;
  }

  async loggedIn(db: Transaction, id: string): Promise<void> {
    await db.query(`UPDATE analyst SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  async setPassword(db: Transaction, id: string, passwordHash: string): Promise<void> {
    await db.query(`UPDATE analyst SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE id = $1`, [id, passwordHash]);
  }
}
