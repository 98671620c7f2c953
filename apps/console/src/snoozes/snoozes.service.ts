import { Inject, Injectable } from '@nestjs/common';
import { fail, ok, scrubPii } from '@sentinel/contracts';
import { audit, RuleSnoozes, Transactions } from '@sentinel/persistence';
import { RULE_CATALOG } from '@sentinel/rules';
import { ROLE_RANK, type SessionAnalyst } from '../auth/auth.decorators';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { MAX_SNOOZE_DAYS, type SnoozeBody } from './snooze.schema';

const DAY_MS = 86_400_000;

/** Snoozes quiet one rule for one account until a date; detectors read them with every batch. */
@Injectable()
export class SnoozesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly snoozes: RuleSnoozes,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async list(accountId: string) {
    const items = await this.snoozes.ofAccount(accountId);
    const now = Date.now();
    return { items: items.map((s) => ({ ...s, active: !s.liftedAt && s.until.getTime() > now })) };
  }

  async create(accountId: string, body: SnoozeBody, me: SessionAnalyst) {
    const rule = RULE_CATALOG.find((entry) => entry.id === body.ruleId);
    if (!rule || rule.category === 'notice') {
      return fail('INVALID_BODY', `ruleId: ${body.ruleId} is not a fraud rule in the catalog`);
    }
    const until = new Date(body.until);
    if (until.getTime() <= Date.now()) return fail('INVALID_BODY', 'until: must be in the future');
    if (until.getTime() > Date.now() + MAX_SNOOZE_DAYS * DAY_MS) {
      return fail('INVALID_BODY', `until: at most ${MAX_SNOOZE_DAYS} days ahead; a pattern benign for longer is a rule change`);
    }
    // A long snooze silences fraud detection on the account: one analyst alone may not do that.
    const analystLimit = this.config.snoozeAnalystMaxDays;
    if (until.getTime() > Date.now() + analystLimit * DAY_MS && ROLE_RANK[me.role] < ROLE_RANK.supervisor) {
      return fail('SUPERVISOR_REQUIRED', `until: a snooze longer than ${analystLimit} days needs a supervisor`);
    }
    return this.transactions.run(async (db) => {
      if (body.caseId) {
        const owner = await this.snoozes.accountOfCase(db, body.caseId);
        if (owner !== accountId) return fail('INVALID_BODY', `caseId: not a case of account ${accountId}`);
      }
      const created = await this.snoozes.add(db, { accountId, ruleId: body.ruleId, until, reason: scrubPii(body.reason), caseId: body.caseId ?? null, createdBy: me.actor });
      await audit(db, { actor: me.actor, action: 'rule.snoozed', entityType: 'account', entityId: accountId, after: created });
      return ok(created);
    });
  }

  async lift(id: string, me: SessionAnalyst) {
    return this.transactions.run(async (db) => {
      const before = await this.snoozes.lock(db, id);
      if (!before) return fail('SNOOZE_NOT_FOUND', `no snooze with id ${id}`);
      if (before.liftedAt) return fail('SNOOZE_LIFTED', `lifted already, by ${before.liftedBy}`);
      const after = await this.snoozes.lift(db, id, me.actor);
      await audit(db, { actor: me.actor, action: 'rule.snooze_lifted', entityType: 'account', entityId: before.accountId, before, after });
      return ok(after);
    });
  }
}
