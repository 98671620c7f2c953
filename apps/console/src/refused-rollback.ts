import type { ApiErrorCode, ApiResult, Failed } from '@sentinel/contracts';
import type { Transaction, Transactions } from '@sentinel/persistence';

/** Carries a refusal out of a transaction, so the transaction rolls back. */
class RefusedWork extends Error {
  constructor(readonly failed: Failed) {
    super(failed.error.code);
  }
}

/**
 * A transaction whose work can refuse after it wrote (an approval recorded, then a rule-set change
 * that no longer applies): a refusal rolls back everything the work wrote and is returned as a value.
 */
export async function unlessRefused<T, C extends ApiErrorCode>(transactions: Transactions, work: (db: Transaction) => Promise<ApiResult<T, C>>): Promise<ApiResult<T, C>> {
  try {
    return await transactions.run(async (db) => {
      const result = await work(db);
      if (!result.ok) throw new RefusedWork(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RefusedWork) return error.failed as Failed<C>;
    throw error;
  }
}
