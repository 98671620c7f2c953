import type { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction in progress. The apps only hand it on to the ports' methods, so that what several
 * ports write commits or rolls back together; the SQL stays in libs/persistence.
 */
export type Transaction = EntityManager;

/** Runs work in one transaction: committed when it resolves, rolled back when it throws. */
export abstract class Transactions {
  abstract run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** No transaction: each statement a port runs on it commits on its own. */
  abstract readonly autocommit: Transaction;
}

export class DataSourceTransactions implements Transactions {
  constructor(private readonly dataSource: DataSource) {}

  get autocommit(): Transaction {
    return this.dataSource.manager;
  }

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
