import type { Transaction } from '../../transactions';

export interface AnswerableCase {
  id: string;
  status: string;
  borrower_answer: string | null;
}

/** The case a borrower's relayed answer is about, found by the reference code in the message. */
export abstract class AnswerableCases {
  /** Locks the case until the transaction ends, so two answers to it cannot both be recorded. */
  abstract lockByReference(tx: Transaction, referenceCode: string, accountId: string): Promise<AnswerableCase | undefined>;
}

export class AnswerableCasesRepository implements AnswerableCases {
  async lockByReference(tx: Transaction, referenceCode: string, accountId: string): Promise<AnswerableCase | undefined> {
    const [found] = await tx.query<AnswerableCase[]>(`SELECT id, status, borrower_answer FROM fraud_case WHERE reference_code = $1 AND account_id = $2 FOR UPDATE`, [
      referenceCode,
      accountId,
    ]);
    return found;
  }
}
