import type { AccountEvent } from '@sentinel/contracts';
import { FraudCaseEntity } from '../../entities/fraud-case.entity';
import type { Transaction } from '../../transactions';

export interface CaseNoteRow {
  id: string;
  body: string;
  created_at: Date;
}

/**
 * A case as analysts change it: locked, changed, annotated, inside the caller's transaction (the
 * console's actions audit each change in the same one).
 */
export abstract class CaseRecords {
  /** Locks the case row until the transaction ends; null when there is no such case. */
  abstract lock(db: Transaction, id: string): Promise<FraudCaseEntity | null>;
  abstract find(db: Transaction, id: string): Promise<FraudCaseEntity | null>;
  /** The reference code of each of these cases there is. */
  abstract referenceCodes(db: Transaction, ids: string[]): Promise<Map<string, string>>;
  /** The case as it is now; throws when there is none. */
  abstract get(db: Transaction, id: string): Promise<FraudCaseEntity>;
  /** Changes the case's fields, and its updated_at (which the live feed reads). */
  abstract update(db: Transaction, id: string, change: Partial<FraudCaseEntity>): Promise<void>;
  /** Records when an analyst first acted on the case, once. */
  abstract markFirstAction(db: Transaction, id: string): Promise<void>;
  abstract addNote(db: Transaction, caseId: string, author: string, authorId: string, body: string): Promise<CaseNoteRow>;
  /** The reference code of another case of the account that is not resolved, if any. */
  abstract otherOpenCase(db: Transaction, accountId: string, id: string): Promise<string | undefined>;
  /** One stored event of the account (a revealed card holder's name is in it). */
  abstract eventOf(db: Transaction, eventId: string, accountId: string): Promise<AccountEvent | undefined>;
  /** The account's current phone or email, unmasked. */
  abstract currentContact(db: Transaction, accountId: string, kind: string): Promise<string | undefined>;
}

export class CaseRecordsRepository implements CaseRecords {
  lock(db: Transaction, id: string): Promise<FraudCaseEntity | null> {
    return db.getRepository(FraudCaseEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  find(db: Transaction, id: string): Promise<FraudCaseEntity | null> {
    return db.getRepository(FraudCaseEntity).findOneBy({ id });
  }

  async referenceCodes(db: Transaction, ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; reference_code: string }[] = await db.query(`SELECT id, reference_code FROM fraud_case WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.reference_code]));
  }

  get(db: Transaction, id: string): Promise<FraudCaseEntity> {
    return db.getRepository(FraudCaseEntity).findOneByOrFail({ id });
  }

  async update(db: Transaction, id: string, change: Partial<FraudCaseEntity>): Promise<void> {
    await db.getRepository(FraudCaseEntity).update({ id }, { ...change, updatedAt: new Date() });
  }

  async markFirstAction(db: Transaction, id: string): Promise<void> {
    await db.query(`UPDATE fraud_case SET first_action_at = COALESCE(first_action_at, now()) WHERE id = $1`, [id]);
  }

  async addNote(db: Transaction, caseId: string, author: string, authorId: string, body: string): Promise<CaseNoteRow> {
    const [note]: CaseNoteRow[] = await db.query(`INSERT INTO case_note (case_id, author, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id, body, created_at`, [
      caseId,
      author,
      authorId,
      body,
    ]);
    return note;
  }

  async otherOpenCase(db: Transaction, accountId: string, id: string): Promise<string | undefined> {
    const [other]: { reference_code: string }[] = await db.query(`SELECT reference_code FROM fraud_case WHERE account_id = $1 AND status <> 'resolved' AND id <> $2`, [
      accountId,
      id,
    ]);
    return other?.reference_code;
  }

  async eventOf(db: Transaction, eventId: string, accountId: string): Promise<AccountEvent | undefined> {
    const [row]: { body: AccountEvent }[] = await db.query(`SELECT body FROM account_event WHERE id = $1 AND account_id = $2`, [eventId, accountId]);
    return row?.body;
  }

  async currentContact(db: Transaction, accountId: string, kind: string): Promise<string | undefined> {
    const [row]: { value: string }[] = await db.query(`SELECT value FROM account_contact WHERE account_id = $1 AND kind = $2 AND valid_to IS NULL`, [accountId, kind]);
    return row?.value;
  }
}
