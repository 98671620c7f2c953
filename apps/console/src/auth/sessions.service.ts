import { Inject, Injectable } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { AnalystCredentials, AnalystDirectory, type AnalystIdentity, audit, LiveSessions, Transactions } from '@sentinel/persistence';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { SessionAnalyst } from './auth.decorators';
import { SessionEnds } from './session-ends';
import { DECOY_HASH, hashPassword, verifyPassword } from './password.hasher';
import { newSessionToken, tokenHash } from './session.cookie';

export interface LoginContext {
  ip?: string;
  userAgent?: string;
}

const toSessionAnalyst = (row: AnalystIdentity): SessionAnalyst => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  actor: `analyst:${row.username}`,
});

const WRONG = () => fail('INVALID_CREDENTIALS', 'wrong username or password');

/** Logs analysts in and out; a session is a random token whose hash is a row. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: AnalystCredentials,
    private readonly analysts: AnalystDirectory,
    private readonly sessions: LiveSessions,
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
  async login(username: string, password: string, context: LoginContext) {
    const name = username.trim().toLowerCase();
    const row = await this.credentials.countAttempt(name, { maxFailures: this.config.login.maxFailures, lockSeconds: this.config.login.lockMs / 1000 });
    const matches = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    if (!row) {
      const lockedId = await this.analysts.idOf(this.transactions.autocommit, name);
      if (lockedId)
        await audit(this.transactions.autocommit, {
          actor: 'anonymous',
          action: 'session.login_refused',
          entityType: 'analyst',
          entityId: lockedId,
          after: { ...context, reason: 'locked' },
        });
      return WRONG();
    }
    if (!matches || row.disabled) {
      const locked = await this.credentials.isLocked(row.id);
      await audit(this.transactions.autocommit, {
        actor: 'anonymous',
        action: 'session.login_failed',
        entityType: 'analyst',
        entityId: row.id,
        after: { ...context, reason: row.disabled ? 'disabled' : 'wrong_password', locked },
      });
      return WRONG();
    }
    const token = newSessionToken();
    await this.transactions.run(async (db) => {
      await this.credentials.loggedIn(db, row.id);
      await this.sessions.open(db, {
        tokenHash: tokenHash(token),
        analystId: row.id,
        ttlSeconds: this.config.sessions.ttlMs / 1000,
        ip: context.ip ?? null,
        userAgent: context.userAgent?.slice(0, 300) ?? null,
      });
      await audit(db, { actor: `analyst:${row.username}`, action: 'session.login', entityType: 'analyst', entityId: row.id, after: context });
    });
    return ok({ token, analyst: toSessionAnalyst(row) });
  }

  /** The analyst behind a live session, or null: expired, idle too long, or the account disabled. */
  async resolve(token: string): Promise<SessionAnalyst | null> {
    const row = await this.sessions.resolve(tokenHash(token), this.config.sessions.idleMs / 1000);
    if (!row || row.disabled) return null;
    // Idle time is tracked to the minute: one write a minute per session, not one per request.
    if (row.stale) await this.sessions.touch(tokenHash(token));
    return toSessionAnalyst(row);
  }

  /**
   * The analyst changes their own password, proving the current one. Every other session of the
   * account ends (a stolen one among them); this one stays.
   */
  async changePassword(analyst: SessionAnalyst, token: string, current: string, next: string, context: LoginContext) {
    const stored = await this.credentials.passwordHashOf(analyst.id);
    if (!stored || !(await verifyPassword(current, stored))) {
      await audit(this.transactions.autocommit, { actor: analyst.actor, action: 'analyst.password_change_refused', entityType: 'analyst', entityId: analyst.id, after: context });
      return fail('WRONG_PASSWORD', 'currentPassword: not your current password');
    }
    if (current === next) return fail('INVALID_BODY', 'newPassword: must differ from the current one');
    const hash = await hashPassword(next);
    await this.transactions.run(async (db) => {
      await this.credentials.setPassword(db, analyst.id, hash);
      await this.sessions.endAllOf(db, analyst.id, tokenHash(token));
      await audit(db, { actor: analyst.actor, action: 'analyst.password_changed', entityType: 'analyst', entityId: analyst.id, after: { ...context, password: 'changed' } });
    });
    // Every stream of the account ends; this session's pages reconnect, the others' cannot.
    this.sessionEnds.ended({ analystId: analyst.id });
    return ok(undefined);
  }

  async logout(token: string, analyst: SessionAnalyst): Promise<void> {
    await this.transactions.run(async (db) => {
      await this.sessions.end(db, tokenHash(token));
      await audit(db, { actor: analyst.actor, action: 'session.logout', entityType: 'analyst', entityId: analyst.id });
    });
    this.sessionEnds.ended({ tokenHash: tokenHash(token) });
  }
}
