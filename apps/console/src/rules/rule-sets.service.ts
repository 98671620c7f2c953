import { Injectable } from '@nestjs/common';
import { type ApiErrorCode, type ApiResult, type Failed, fail, ok } from '@sentinel/contracts';
import { audit, RuleOutcomes, RuleSets, seedDefaultRuleSet, type Transaction, Transactions } from '@sentinel/persistence';
import { applyRuleSetChange, completeRuleSet, defaultRuleSet, diffRuleSets, RULE_CATALOG, type RuleSet } from '@sentinel/rules';
import type { RuleSetChangeBody } from './rule-set-change.schema';
import type { RuleSetRollbackBody } from './rule-set-tools.schema';
import { unlessRefused } from '../refused-rollback';

/** What every reader calls the live rule set while none is stored: the version a detector seeds it as. */
const UNSTORED_VERSION = 1;

/** Reads the live rule set with its catalog, and makes new versions of it, audited. */
@Injectable()
export class RuleSetsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: RuleSets,
    private readonly outcomes: RuleOutcomes,
  ) {}

  /**
   * Each rule's measured precision: of its cases with an outcome, the share that were fraud —
   * resolved as fraud or answered "not me" by the borrower — against legitimate ("was me", or
   * resolved legitimate).
   */
  async measured(): Promise<Map<string, { hits: number; cases: number; fraud: number; legitimate: number; precision: number | null }>> {
    const rows = await this.outcomes.byRule();
    return new Map(rows.map((r) => [r.rule_id, { ...r, precision: r.fraud + r.legitimate ? Math.round((r.fraud / (r.fraud + r.legitimate)) * 1000) / 1000 : null }]));
  }

  async live() {
    const stored = await this.repository.latest();
    const ruleSet = stored ? completeRuleSet(stored) : defaultRuleSet(UNSTORED_VERSION);
    const measured = await this.measured();
    return {
      version: ruleSet.version,
      createdAt: stored?.createdAt ?? null,
      createdBy: stored?.createdBy ?? 'system',
      reason: stored?.reason ?? 'default rule set',
      decisions: ruleSet.decisions,
      rules: RULE_CATALOG.map((entry) => ({
        id: entry.id,
        description: entry.description,
        category: entry.category,
        phase: entry.phase,
        ...ruleSet.rules[entry.id],
        defaults: entry.defaults,
        measured: measured.get(entry.id) ?? { hits: 0, cases: 0, fraud: 0, legitimate: 0, precision: null },
      })),
    };
  }

  async history(limit: number) {
    const rows = await this.repository.history(limit);
    return { items: rows.map(({ version, createdAt, createdBy, reason }) => ({ version, createdAt, createdBy, reason })) };
  }

  async version(version: number) {
    const stored = await this.repository.get(version);
    if (!stored) return fail('RULE_SET_NOT_FOUND', `no rule set version ${version}`);
    return ok(stored);
  }

  /**
   * Applies a change as a new version; detectors pick it up on their next poll. A refused change
   * leaves nothing behind, not even the defaults a first write stores as version 1.
   */
  async change(body: RuleSetChangeBody, actor: string) {
    return unlessRefused(this.transactions, (db) => this.changeIn(db, body, actor));
  }

  /**
   * The change checked against the live rule set without storing it: a publication waiting for
   * approval is refused now if it could never go live. Returns the live version it was checked
   * against, which the approval holds it to.
   */
  checkChange(body: RuleSetChangeBody) {
    return this.dryRun((db) => this.changeIn(db, body, 'check'));
  }

  checkRollback(body: RuleSetRollbackBody) {
    return this.dryRun((db) => this.rollbackIn(db, body, 'check'));
  }

  private async dryRun<C extends ApiErrorCode>(work: (db: Transaction) => Promise<ApiResult<RuleSet, C>>): Promise<ApiResult<number, C>> {
    return this.transactions
      .run(async (db) => {
        const next = await work(db);
        // Nothing of the check may stay: throwing rolls the transaction back, and is caught below.
        throw new CheckedRuleSet(next.ok ? ok(next.value.version - 1) : next);
      })
      .catch((error: unknown) => {
        if (error instanceof CheckedRuleSet) return error.result as ApiResult<number, C>;
        throw error;
      });
  }

  /**
   * Applies a change inside the caller's transaction (an approval's); `approvedBy` names the second
   * person in the audit entry when four eyes are on.
   */
  async changeIn(db: Transaction, body: RuleSetChangeBody, actor: string, approvedBy?: string) {
    const current = await this.currentIn(db);
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version) {
      return fail('RULE_SET_CHANGED', `the live rule set is version ${current.version}, not ${body.expectedVersion}; reload it and apply the change again`);
    }
    const next = applyRuleSetChange(current, { rules: body.rules, decisions: body.decisions });
    if (!next.ok) return invalidRuleChange(next.error);
    if (!(await this.repository.insert(db, next.value, actor, body.reason))) {
      // A detector seeding version 1 on a fresh database got there first.
      return fail('RULE_SET_CHANGED', 'the rule set changed while this change was applied; apply it again');
    }
    await audit(db, {
      actor,
      action: 'rule_set.update',
      entityType: 'rule_set',
      entityId: String(next.value.version),
      before: { version: current.version, rules: current.rules, decisions: current.decisions },
      after: { version: next.value.version, rules: next.value.rules, decisions: next.value.decisions, reason: body.reason, ...(approvedBy ? { approvedBy } : {}) },
    });
    return ok(next.value);
  }
  /** Field by field, what differs from one stored version to another (the live one by default). */
  async diff(from: number, to?: number) {
    const older = await this.version(from);
    if (!older.ok) return older;
    let newer = await this.liveRuleSet();
    if (to !== undefined) {
      const stored = await this.version(to);
      if (!stored.ok) return stored;
      newer = completeRuleSet(stored.value);
    }
    return ok(diffRuleSets(completeRuleSet(older.value), newer));
  }

  /** The live rule set, completed with the catalog; the defaults as version 1 when none is stored yet, as the page shows it. */
  async liveRuleSet(): Promise<RuleSet> {
    const stored = await this.repository.latest();
    return stored ? completeRuleSet(stored) : defaultRuleSet(UNSTORED_VERSION);
  }

  /**
   * The live rule set a write builds on, with every other writer held off: the defaults are stored
   * as version 1 first when nothing is, so the change is version 2 and version 1 stays in the
   * history to compare with and roll back to.
   */
  private async currentIn(db: Transaction): Promise<RuleSet> {
    await this.repository.lockWriters(db);
    const stored = await this.repository.latest(db);
    return stored ? completeRuleSet(stored) : seedDefaultRuleSet(db, this.repository);
  }

  /**
   * Puts an earlier version's settings live again as a NEW version: history is never rewritten,
   * and the audit entry says which version was restored and why.
   */
  async rollback(body: RuleSetRollbackBody, actor: string) {
    return unlessRefused(this.transactions, (db) => this.rollbackIn(db, body, actor));
  }

  async rollbackIn(db: Transaction, body: RuleSetRollbackBody, actor: string, approvedBy?: string) {
    const current = await this.currentIn(db);
    if (body.expectedVersion !== undefined && body.expectedVersion !== current.version) {
      return fail('RULE_SET_CHANGED', `the live rule set is version ${current.version}, not ${body.expectedVersion}; reload it and roll back again`);
    }
    if (body.version >= current.version) {
      return fail('ROLLBACK_NOT_EARLIER', `version ${body.version} is not earlier than the live version ${current.version}`);
    }
    const target_ = await this.version(body.version);
    if (!target_.ok) return target_;
    const target = completeRuleSet(target_.value);
    const diff = diffRuleSets(current, target);
    if (diff.rules.length === 0 && diff.decisions.length === 0) {
      return fail('ROLLBACK_NO_CHANGE', `version ${body.version} has the same settings as the live version ${current.version}`);
    }
    const next: RuleSet = { version: current.version + 1, rules: target.rules, decisions: target.decisions };
    if (!(await this.repository.insert(db, next, actor, body.reason))) {
      return fail('RULE_SET_CHANGED', 'the rule set changed while rolling back; roll back again');
    }
    await audit(db, {
      actor,
      action: 'rule_set.rollback',
      entityType: 'rule_set',
      entityId: String(next.version),
      before: { version: current.version, rules: current.rules, decisions: current.decisions },
      after: { version: next.version, restoredFrom: body.version, rules: next.rules, decisions: next.decisions, reason: body.reason, ...(approvedBy ? { approvedBy } : {}) },
    });
    return ok({ ...next, restoredFrom: body.version });
  }
}

/** Ends a check's transaction without keeping what it wrote. */
class CheckedRuleSet extends Error {
  constructor(readonly result: ApiResult<number, ApiErrorCode>) {
    super('checked');
  }
}

/**
 * A rule-set change that leaves the rules invalid: each problem ("rules.x.score: must be ...") as
 * the path and message every refusal's issues hold (the ApiError schema), not as bare text.
 */
export function invalidRuleChange(problems: string[]): Failed<'INVALID_RULE_CHANGE'> {
  const issues = problems.map((problem) => {
    const at = problem.indexOf(': ');
    return at > 0 ? { path: problem.slice(0, at), message: problem.slice(at + 2) } : { path: '', message: problem };
  });
  return fail('INVALID_RULE_CHANGE', problems.join('; '), { issues });
}
