import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AnalystRole, audit } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { SessionAnalyst } from './auth.decorators';
import { DECOY_HASH, verifyPassword } from './password.hasher';
import { newSessionToken, tokenHash } from './session.cookie';

export interface LoginContext {
  ip?: string;
  userAgent?: string;
}

interface AnalystRow {
  id: string;
  username: string;
  display_name: string;
  role: AnalystRole;
  disabled: boolean;
}

const toSessionAnalyst = (row: AnalystRow): SessionAnalyst => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  actor: `analyst:${row.username}`,
});

const WRONG = () => new UnauthorizedException({ error: 'INVALID_CREDENTIALS', message: 'wrong username or password' });

/** Logs analysts in and out; a session is a random token whose hash is a row. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async login(username: string, password: string, context: LoginContext): Promise<{ token: string; analyst: SessionAnalyst }> {
    const name = username.trim().toLowerCase();
    const [row]: (AnalystRow & { password_hash: string; locked_until: Date | null })[] = await this.dataSource.query(
      `SELECT id, username, display_name, role, disabled, password_hash, locked_until FROM analyst WHERE username = $1`,
      [name],
    );
    if (row?.locked_until && row.locked_until > new Date()) {
      await audit(this.dataSource.manager, { actor: 'anonymous', action: 'session.login_refused', entityType: 'analyst', entityId: row.id, after: { ...context, reason: 'locked' } });
      const seconds = Math.ceil((row.locked_until.getTime() - Date.now()) / 1000);
      throw new HttpException(
        { error: 'ACCOUNT_LOCKED', message: `too many wrong passwords for this account; try again in ${Math.ceil(seconds / 60)} min`, retryAfterSeconds: seconds },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const matches = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    if (!row) throw WRONG();
    if (!matches || row.disabled) {
      const [{ locked }]: { locked: boolean }[] = await this.dataSource.query(
        `UPDATE analyst SET
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
         WHERE id = $1 RETURNING locked_until > now() AS locked`,
        [row.id, this.config.login.maxFailures, this.config.login.lockMs / 1000],
      );
      await audit(this.dataSource.manager, {
        actor: 'anonymous',
        action: 'session.login_failed',
        entityType: 'analyst',
        entityId: row.id,
        after: { ...context, reason: row.disabled ? 'disabled' : 'wrong_password', locked },
      });
      throw WRONG();
    }
    const token = newSessionToken();
    await this.dataSource.transaction(async (db) => {
      await db.query(`UPDATE analyst SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [row.id]);
      await db.query(
        `INSERT INTO analyst_session (token_hash, analyst_id, expires_at, ip, user_agent) VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)`,
        [tokenHash(token), row.id, this.config.sessions.ttlMs / 1000, context.ip ?? null, context.userAgent?.slice(0, 300) ?? null],
      );
      await audit(db, { actor: `analyst:${row.username}`, action: 'session.login', entityType: 'analyst', entityId: row.id, after: context });
    });
    return { token, analyst: toSessionAnalyst(row) };
  }

  /** The analyst behind a live session, or null: expired, idle too long, or the account disabled. */
  async resolve(token: string): Promise<SessionAnalyst | null> {
    const [row]: (AnalystRow & { stale: boolean })[] = await this.dataSource.query(
      `SELECT a.id, a.username, a.display_name, a.role, a.disabled, s.last_seen_at < now() - interval '1 minute' AS stale
         FROM analyst_session s JOIN analyst a ON a.id = s.analyst_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2)`,
      [tokenHash(token), this.config.sessions.idleMs / 1000],
    );
    if (!row || row.disabled) return null;
    // Idle time is tracked to the minute: one write a minute per session, not one per request.
    if (row.stale) await this.dataSource.query(`UPDATE analyst_session SET last_seen_at = now() WHERE token_hash = $1`, [tokenHash(token)]);
    return toSessionAnalyst(row);
  }

  async logout(token: string, analyst: SessionAnalyst): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(`DELETE FROM analyst_session WHERE token_hash = $1`, [tokenHash(token)]);
      await audit(db, { actor: analyst.actor, action: 'session.logout', entityType: 'analyst', entityId: analyst.id });
    });
  }
}
