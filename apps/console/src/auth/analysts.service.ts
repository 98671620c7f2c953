import { ConflictException, Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AnalystEntity, audit } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import type { SessionAnalyst } from './auth.decorators';
import type { AnalystChangeBody, NewAnalystBody } from './analyst.schema';
import { hashPassword } from './password.hasher';
import { SessionEnds } from './session-ends';

const view = ({ id, username, displayName, role, disabled, createdAt }: AnalystEntity) => ({ id, username, displayName, role, disabled, createdAt });

/** Analyst accounts: listed for assignment, managed by admins; the first admin comes from env. */
@Injectable()
export class AnalystsService implements OnApplicationBootstrap {
  private readonly log = new Logger(AnalystsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly sessionEnds: SessionEnds,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [{ any }]: { any: boolean }[] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM analyst) AS any`);
    if (any) return;
    const { username, password } = this.config.admin;
    if (!password) {
      throw new Error('there are no analyst accounts yet: set ADMIN_PASSWORD (and optionally ADMIN_USERNAME) so the console can create the first admin');
    }
    const hash = await hashPassword(password);
    await this.dataSource.transaction(async (db) => {
      // Two consoles starting at once: one inserts, the other finds the name taken and moves on.
      const rows: { id: string }[] = await db.query(
        `INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $1, 'admin', $2) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [username, hash],
      );
      if (rows.length) await audit(db, { actor: 'system', action: 'analyst.bootstrapped', entityType: 'analyst', entityId: rows[0].id, after: { username, role: 'admin' } });
    });
    this.log.log(`created the first admin account "${username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
  }

  async list() {
    const rows = await this.dataSource.getRepository(AnalystEntity).find({ order: { username: 'ASC' } });
    return { items: rows.map(view) };
  }

  async create(body: NewAnalystBody, by: SessionAnalyst) {
    const hash = await hashPassword(body.password);
    return this.dataSource.transaction(async (db) => {
      const rows: { id: string }[] = await db.query(
        `INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [body.username, body.displayName, body.role, hash],
      );
      if (!rows.length) throw new ConflictException({ error: 'USERNAME_TAKEN', message: `an analyst named "${body.username}" exists already` });
      const created = await db.getRepository(AnalystEntity).findOneByOrFail({ id: rows[0].id });
      await audit(db, { actor: by.actor, action: 'analyst.created', entityType: 'analyst', entityId: created.id, after: view(created) });
      return view(created);
    });
  }

  async change(id: string, body: AnalystChangeBody, by: SessionAnalyst) {
    if (id === by.id && (body.disabled || (body.role && body.role !== 'admin'))) {
      throw new ConflictException({ error: 'SELF_LOCKOUT', message: 'you cannot disable or demote your own account; ask another admin' });
    }
    const hash = body.password ? await hashPassword(body.password) : undefined;
    const changed = await this.dataSource.transaction(async (db) => {
      const repository = db.getRepository(AnalystEntity);
      const before = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new NotFoundException({ error: 'ANALYST_NOT_FOUND', message: `no analyst with id ${id}` });
      await db.query(
        `UPDATE analyst SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), disabled = COALESCE($4, disabled),
                password_hash = COALESCE($5, password_hash), password_changed_at = CASE WHEN $5::text IS NULL THEN password_changed_at ELSE now() END,
                failed_logins = CASE WHEN $5::text IS NULL THEN failed_logins ELSE 0 END,
                locked_until = CASE WHEN $5::text IS NULL THEN locked_until END
          WHERE id = $1`,
        [id, body.displayName ?? null, body.role ?? null, body.disabled ?? null, hash ?? null],
      );
      // A disabled account or a new password ends every session the account had.
      if (body.disabled || hash) await db.query(`DELETE FROM analyst_session WHERE analyst_id = $1`, [id]);
      const after = await repository.findOneByOrFail({ id });
      await audit(db, {
        actor: by.actor,
        action: 'analyst.changed',
        entityType: 'analyst',
        entityId: id,
        before: view(before),
        after: { ...view(after), ...(hash ? { password: 'changed' } : {}) },
      });
      return view(after);
    });
    if (body.disabled || hash) this.sessionEnds.ended({ analystId: id });
    return changed;
  }
}
