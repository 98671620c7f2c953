import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { fail, ok } from '@sentinel/contracts';
import { AnalystAccounts, type AnalystEntity, audit, LiveSessions, Transactions } from '@sentinel/persistence';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { SessionAnalyst } from './auth.decorators';
import type { AnalystChangeBody, NewAnalystBody } from './analyst.schema';
import { hashPassword } from './password.hasher';
import { SessionEnds } from './session-ends';

const view = ({ id, username, displayName, role, team, disabled, createdAt }: AnalystEntity) => ({ id, username, displayName, role, team, disabled, createdAt });

/** Analyst accounts: listed for assignment, managed by admins; the first admin comes from env. */
@Injectable()
export class AnalystsService implements OnApplicationBootstrap {
  private readonly log = new Logger(AnalystsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly accounts: AnalystAccounts,
    private readonly sessions: LiveSessions,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly sessionEnds: SessionEnds,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.accounts.any()) return;
    const { username, password } = this.config.admin;
    if (!password) {
      throw new Error('there are no analyst accounts yet: set ADMIN_PASSWORD (and optionally ADMIN_USERNAME) so the console can create the first admin');
    }
    const hash = await hashPassword(password);
    await this.transactions.run(async (db) => {
      // Two consoles starting at once: one inserts, the other finds the name taken and moves on.
      const id = await this.accounts.add(db, { username, displayName: username, role: 'admin', passwordHash: hash });
      if (id) await audit(db, { actor: 'system', action: 'analyst.bootstrapped', entityType: 'analyst', entityId: id, after: { username, role: 'admin' } });
    });
    this.log.log(`created the first admin account "${username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
  }

  async list() {
    const rows = await this.accounts.list();
    return { items: rows.map(view) };
  }

  async create(body: NewAnalystBody, by: SessionAnalyst) {
    const hash = await hashPassword(body.password);
    return this.transactions.run(async (db) => {
      const id = await this.accounts.add(db, { username: body.username, displayName: body.displayName, role: body.role, passwordHash: hash, team: body.team });
      if (!id) return fail('USERNAME_TAKEN', `an analyst named "${body.username}" exists already`);
      const created = await this.accounts.get(db, id);
      await audit(db, { actor: by.actor, action: 'analyst.created', entityType: 'analyst', entityId: created.id, after: view(created) });
      return ok(view(created));
    });
  }

  async change(id: string, body: AnalystChangeBody, by: SessionAnalyst) {
    if (id === by.id && (body.disabled || (body.role && body.role !== 'admin'))) {
      return fail('SELF_LOCKOUT', 'you cannot disable or demote your own account; ask another admin');
    }
    const hash = body.password ? await hashPassword(body.password) : undefined;
    const changed = await this.transactions.run(async (db) => {
      const before = await this.accounts.lock(db, id);
      if (!before) return fail('ANALYST_NOT_FOUND', `no analyst with id ${id}`);
      await this.accounts.change(db, id, { displayName: body.displayName, role: body.role, disabled: body.disabled, passwordHash: hash, team: body.team });
      // A disabled account or a new password ends every session the account had.
      if (body.disabled || hash) await this.sessions.endAllOf(db, id);
      const after = await this.accounts.get(db, id);
      await audit(db, {
        actor: by.actor,
        action: 'analyst.changed',
        entityType: 'analyst',
        entityId: id,
        before: view(before),
        after: { ...view(after), ...(hash ? { password: 'changed' } : {}) },
      });
      return ok(view(after));
    });
    if (changed.ok && (body.disabled || hash)) this.sessionEnds.ended({ analystId: id });
    return changed;
  }
}
