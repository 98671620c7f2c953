import type { AccountEvent } from '@sentinel/contracts';
import { Backtest, type BacktestReport, type RuleSet, systemClock } from '@sentinel/rules';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';

export interface StoredBacktestOptions {
  from: Date;
  to?: Date;
  latenessMs?: number;
  /** More events than this in the range: refused before any is read (BacktestTooLarge). */
  maxEvents?: number;
  /** Aborts between slices of events, e.g. AbortSignal.timeout for a console request. */
  signal?: AbortSignal;
  /** Rows per keyset page; memory holds one page at a time. */
  pageSize?: number;
  /** Events fed between yields to the event loop, so a server keeps answering other requests. */
  sliceSize?: number;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
}

export class BacktestTooLarge extends Error {
  constructor(
    readonly events: number,
    readonly maxEvents: number,
  ) {
    super(`the range holds ${events} events, more than the ${maxEvents} a backtest may read`);
  }
}

/**
 * Runs `candidate` beside `baseline` over the stored events in [from, to), in event-time order,
 * and reports per rule the hits it would add or remove. One implementation for `npm run replay`
 * and the console's draft backtest. It reads inside a READ ONLY transaction, so it cannot write
 * cases, messages or state even by mistake, and sees one consistent snapshot of the history.
 */
export async function backtestStoredEvents(dataSource: DataSource, baseline: RuleSet, candidate: RuleSet, options: StoredBacktestOptions): Promise<BacktestReport> {
  options.signal?.throwIfAborted();
  const runner = dataSource.createQueryRunner() as QueryRunner & { releasePostgresConnection?: (err?: Error) => Promise<void> };
  await runner.connect();
  // An abort also cancels the query in flight: a count over a huge range, or one waiting on a lock,
  // would otherwise outlive the deadline.
  const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
  const cancel = () => void dataSource.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const report = await run(runner, baseline, candidate, options);
    await runner.query('COMMIT');
    return report;
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    // A cancel still on its way could hit the next borrower of this connection: after an abort it is
    // closed rather than pooled.
    if (options.signal?.aborted && runner.releasePostgresConnection) await runner.releasePostgresConnection(new Error('backtest aborted'));
    else await runner.release();
  }
}

async function run(runner: QueryRunner, baseline: RuleSet, candidate: RuleSet, options: StoredBacktestOptions): Promise<BacktestReport> {
  const { from, to, signal, pageSize = 5000, sliceSize = 500 } = options;
  const [{ n }] = (await runner.query(`SELECT count(*)::int AS n FROM account_event WHERE occurred_at >= $1 AND ($2::timestamptz IS NULL OR occurred_at < $2)`, [
    from,
    to ?? null,
  ])) as { n: number }[];
  if (options.maxEvents !== undefined && n > options.maxEvents) throw new BacktestTooLarge(n, options.maxEvents);
  options.onStart?.(n);
  const backtest = new Backtest(baseline, candidate, systemClock, options.latenessMs ?? 5000);
  let done = 0;
  let cursor: { at: Date; id: string; accountId: string } | undefined;
  for (;;) {
    signal?.throwIfAborted();
    // Keyset pages in event-time order: constant memory whatever the history's size. An id is
    // unique only within its account, so the account breaks ties too (or a page edge skips events).
    const rows = (await runner.query(
      `SELECT body, occurred_at, id, account_id FROM account_event
        WHERE occurred_at >= $1 AND ($2::timestamptz IS NULL OR occurred_at < $2)
          AND ($3::timestamptz IS NULL OR (occurred_at, id, account_id) > ($3, $4, $5))
        ORDER BY occurred_at, id, account_id LIMIT $6`,
      [from, to ?? null, cursor?.at ?? null, cursor?.id ?? null, cursor?.accountId ?? null, pageSize],
    )) as { body: AccountEvent; occurred_at: Date; id: string; account_id: string }[];
    if (rows.length === 0) break;
    for (let i = 0; i < rows.length; i++) {
      backtest.feed(rows[i].body);
      done++;
      if (done % sliceSize === 0) {
        options.onProgress?.(done);
        await nextTurn();
        signal?.throwIfAborted();
      }
    }
    options.onProgress?.(done);
    const last = rows[rows.length - 1];
    cursor = { at: last.occurred_at, id: last.id, accountId: last.account_id };
  }
  return backtest.finishInTurns(async () => {
    await nextTurn();
    signal?.throwIfAborted();
  });
}
