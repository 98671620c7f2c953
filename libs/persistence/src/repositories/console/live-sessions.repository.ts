import type { DataSource } from 'typeorm';
import type { Transaction } from '../../transactions';
import type { AnalystIdentity } from './analyst-credentials.repository';

/** A session opened at login, keyed by the hash of its token (a database read yields no live session). */
export interface NewSession {
  tokenHash: string;
  analystId: string;
  ttlSeconds: number;
  ip: string | null;
  userAgent: string | null;
}

/** Analyst sessions: opened at login, resolved on each request, ended at logout; and which are still live, for the console's open streams. */
export abstract class LiveSessions {
  /** Of these token hashes, those whose session has not expired and whose analyst is not disabled. */
  abstract live(tokenHashes: string[]): Promise<string[]>;
  abstract open(db: Transaction, session: NewSession): Promise<void>;
  /**
   * The analyst behind a session that has not expired and was seen within `idleSeconds` (disabled
   * or not), and whether it was last seen over a minute ago; undefined for any other.
   */
  abstract resolve(tokenHash: string, idleSeconds: number): Promise<(AnalystIdentity & { stale: boolean }) | undefined>;
  /** The session was seen now. */
  abstract touch(tokenHash: string): Promise<void>;
  abstract end(db: Transaction, tokenHash: string): Promise<void>;
  /** Ends every session of the analyst, but the one `except` names. */
  abstract endAllOf(db: Transaction, analystId: string, except?: string): Promise<void>;
}

export class LiveSessionsRepository implements LiveSessions {
  constructor(private readonly dataSource: DataSource) {}

  async live(tokenHashes: string[]): Promise<string[]> {
    const live: { token_hash: string }[] = await this.dataSource.query(
      `SELECT s.token_hash FROM analyst_session s JOIN analyst a ON a.id = s.analyst_id
        WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > now() AND NOT a.disabled`,
      [tokenHashes],
    );
    return live.map((row) => row.token_hash);
  }

  async open(db: Transaction, session: NewSession): Promise<void> {
    await db.query(`INSERT INTO analyst_session (token_hash, analyst_id, expires_at, ip, user_agent) VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)`, [
      session.tokenHash,
      session.analystId,
      session.ttlSeconds,
      session.ip,
      session.userAgent,
    ]);
  }

  async resolve(tokenHash: string, idleSeconds: number): Promise<(AnalystIdentity & { stale: boolean }) | undefined> {
    const [row]: (AnalystIdentity & { stale: boolean })[] = await this.dataSource.query(
      `SELECT a.id, a.username, a.display_name, a.role, a.disabled, s.last_seen_at < now() - interval '1 minute' AS stale
         FROM analyst_session s JOIN analyst a ON a.id = s.analyst_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2)`,
      [tokenHash, idleSeconds],
    );
    return row;
  }

  async touch(tokenHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE analyst_session SET last_seen_at = now() WHERE token_hash = $1`, [tokenHash]);
  }

  async end(db: Transaction, tokenHash: string): Promise<void> {
    await db.query(`DELETE FROM analyst_session WHERE token_hash = $1`, [tokenHash]);
  }

  async endAllOf(db: Transaction, analystId: string, except?: string): Promise<void> {
    if (except === undefined) await db.query(`DELETE FROM analyst_session WHERE analyst_id = $1`, [analystId]);
    else await db.query(`DELETE FROM analyst_session WHERE analyst_id = $1 AND token_hash <> $2`, [analystId, except]);
  }
}
