import { BadRequestException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AnalystRole, audit } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { SessionAnalyst } from './auth.decorators';
import { SessionEnds } from './session-ends';
import { DECOY_HASH, hashPassword, verifyPassword } from './password.hasher';
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
    private readonly sessionEnds: SessionEnds,
  ) {}

  /**
   * Each attempt on an existing, unlocked account counts as a failure before its password is even
   * checked, in one statement that row-locks the account: parallel guesses queue on it, and no more
   * than LOGIN_MAX_FAILURES of them are ever evaluated. A locked account answers exactly as an
   * unknown username does, after the same password hashing, so neither the answer nor its timing
   * tells a guesser which usernames exist or are locked.
   */
  async login(username: string, password: string, context: LoginContext): Promise<{ token: string; analyst: SessionAnalyst }> {
    const name = username.trim().toLowerCase();
    const [row]: (AnalystRow & { password_hash: string })[] = await this.dataSource.query(
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
      [name, this.config.login.maxFailures, this.config.login.lockMs / 1000],
    );
    const matches = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    if (!row) {
      const [locked]: { id: string }[] = await this.dataSource.query(`SELECT id FROM analyst WHERE username = $1`, [name]);
      if (locked)
        await audit(this.dataSource.manager, {
          actor: 'anonymous',
          action: 'session.login_refused',
          entityType: 'analyst',
          entityId: locked.id,
          after: { ...context, reason: 'locked' },
        });
      throw WRONG();
    }
    if (!matches || row.disabled) {
      const [{ locked }]: { locked: boolean }[] = await this.dataSource.query(`SELECT locked_until IS NOT NULL AS locked FROM analyst WHERE id = $1`, [row.id]);
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
      await db.query(`INSERT INTO analyst_session (token_hash, analyst_id, expires_at, ip, user_agent) VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)`, [
        tokenHash(token),
        row.id,
        this.config.sessions.ttlMs / 1000,
        context.ip ?? null,
        context.userAgent?.slice(0, 300) ?? null,
      ]);
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

  /**
   * The analyst changes their own password, proving the current one. Every other session of the
   * account ends (a stolen one among them); this one stays.
   */
  async changePassword(analyst: SessionAnalyst, token: string, current: string, next: string, context: LoginContext): Promise<void> {
    const [row]: { password_hash: string }[] = await this.dataSource.query(`SELECT password_hash FROM analyst WHERE id = $1`, [analyst.id]);
    if (!row || !(await verifyPassword(current, row.password_hash))) {
      await audit(this.dataSource.manager, { actor: analyst.actor, action: 'analyst.password_change_refused', entityType: 'analyst', entityId: analyst.id, after: context });
      throw new BadRequestException({ error: 'WRONG_PASSWORD', message: 'currentPassword: not your current password' });
    }
    if (current === next) throw new BadRequestException({ error: 'INVALID_BODY', message: 'newPassword: must differ from the current one' });
    const hash = await hashPassword(next);
    await this.dataSource.transaction(async (db) => {
      await db.query(`UPDATE analyst SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE id = $1`, [analyst.id, hash]);
      await db.query(`DELETE FROM analyst_session WHERE analyst_id = $1 AND token_hash <> $2`, [analyst.id, tokenHash(token)]);
      await audit(db, { actor: analyst.actor, action: 'analyst.password_changed', entityType: 'analyst', entityId: analyst.id, after: { ...context, password: 'changed' } });
    });
    // Every stream of the account ends; this session's pages reconnect, the others' cannot.
    this.sessionEnds.ended({ analystId: analyst.id });
  }

  async logout(token: string, analyst: SessionAnalyst): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(`DELETE FROM analyst_session WHERE token_hash = $1`, [tokenHash(token)]);
      await audit(db, { actor: analyst.actor, action: 'session.logout', entityType: 'analyst', entityId: analyst.id });
    });
    this.sessionEnds.ended({ tokenHash: tokenHash(token) });
  }
}
