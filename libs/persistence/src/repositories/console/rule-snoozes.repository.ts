import type { DataSource } from 'typeorm';
import { RuleSnoozeEntity } from '../../entities/rule-snooze.entity';
import type { Transaction } from '../../transactions';

/** Snoozes: one rule quiet for one account until a date. */
export abstract class RuleSnoozes {
  /** The account's 200 newest snoozes, lifted or not. */
  abstract ofAccount(accountId: string): Promise<RuleSnoozeEntity[]>;
  /** The account a case belongs to, to check a snooze's case is the account's. */
  abstract accountOfCase(db: Transaction, caseId: string): Promise<string | undefined>;
  /** Stores a snooze; it as stored. */
  abstract add(db: Transaction, snooze: Pick<RuleSnoozeEntity, 'accountId' | 'ruleId' | 'until' | 'reason' | 'caseId' | 'createdBy'>): Promise<RuleSnoozeEntity>;
  /** Locks the snooze until the transaction ends; null when there is none. */
  abstract lock(db: Transaction, id: string): Promise<RuleSnoozeEntity | null>;
  /** Lifts it; it as stored after. */
  abstract lift(db: Transaction, id: string, liftedBy: string): Promise<RuleSnoozeEntity>;
}

export class RuleSnoozesRepository implements RuleSnoozes {
  constructor(private readonly dataSource: DataSource) {}

  ofAccount(accountId: string): Promise<RuleSnoozeEntity[]> {
    return this.dataSource.getRepository(RuleSnoozeEntity).find({ where: { accountId }, order: { createdAt: 'DESC' }, take: 200 });
  }

  async accountOfCase(db: Transaction, caseId: string): Promise<string | undefined> {
    const [owner]: { account_id: string }[] = await db.query(`SELECT account_id FROM fraud_case WHERE id = $1`, [caseId]);
    return owner?.account_id;
  }

  async add(db: Transaction, snooze: Pick<RuleSnoozeEntity, 'accountId' | 'ruleId' | 'until' | 'reason' | 'caseId' | 'createdBy'>): Promise<RuleSnoozeEntity> {
    const repository = db.getRepository(RuleSnoozeEntity);
    const saved = await repository.save(repository.create(snooze));
    return repository.findOneByOrFail({ id: saved.id });
  }

  lock(db: Transaction, id: string): Promise<RuleSnoozeEntity | null> {
    return db.getRepository(RuleSnoozeEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async lift(db: Transaction, id: string, liftedBy: string): Promise<RuleSnoozeEntity> {
    const repository = db.getRepository(RuleSnoozeEntity);
    await repository.update({ id }, { liftedAt: new Date(), liftedBy });
    return repository.findOneByOrFail({ id });
  }
}
