// Ways of recording a batch of events (the detector's `record` stage), measured back to back on
// one database: each round runs every variant on batches of BENCH_RECORD_BATCH events for
// BENCH_RECORD_BATCHES transactions, so that the machine's load falls on all of them alike.
//   jsonb (now)     one INSERT … SELECT FROM jsonb_array_elements(…) ON CONFLICT (id) DO NOTHING;
//   arrays          the same from unnest() of typed arrays (no JSON document for Postgres to parse);
//   copy            COPY into a temporary staging table (pg-copy-streams), then one INSERT … SELECT;
//   async commit    jsonb, its transaction committed with synchronous_commit off;
//   no timeline     jsonb into a table without the (account_id, occurred_at) index;
//   partitioned     jsonb into a table hash-partitioned by account_id in 8.
// Every variant keeps ON CONFLICT on the event id and returns the new ids, as the detector needs.
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { dropDatabase, migrate } from '@sentinel/persistence';
import { DemoStream } from '../demo/demo-events';
import type { AccountEvent } from '@sentinel/contracts';

const COLUMNS = 'id, account_id, type, occurred_at, channel, correlation_id, body, account_seq';

type Variant = { name: string; table: string; record: (db: Client, table: string, events: AccountEvent[], seqs: number[]) => Promise<number>; asyncCommit?: boolean };

const viaJsonb = async (db: Client, table: string, events: AccountEvent[], seqs: number[]) =>
  (
    await db.query(
      `INSERT INTO ${table} (${COLUMNS})
       SELECT e->>'id', e->>'accountId', e->>'type', (e->>'occurredAt')::timestamptz, e->>'channel',
              e->>'correlationId', e, ($2::bigint[])[ord]
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [JSON.stringify(events), seqs],
    )
  ).rowCount ?? 0;

const viaArrays = async (db: Client, table: string, events: AccountEvent[], seqs: number[]) =>
  (
    await db.query(
      `INSERT INTO ${table} (${COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::jsonb[], $8::bigint[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        events.map((e) => e.id),
        events.map((e) => e.accountId),
        events.map((e) => e.type),
        events.map((e) => e.occurredAt),
        events.map((e) => e.channel),
        events.map((e) => e.correlationId ?? null),
        events.map((e) => JSON.stringify(e)),
        seqs,
      ],
    )
  ).rowCount ?? 0;

/** COPY text format: tab-separated, with backslash, tab and newline escaped. */
const copyField = (value: string | null | undefined) => (value == null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));

const viaCopy = async (db: Client, table: string, events: AccountEvent[], seqs: number[]) => {
  await db.query(`CREATE TEMP TABLE IF NOT EXISTS event_staging (LIKE account_event INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
  const lines = events.map((e, i) => [e.id, e.accountId, e.type, e.occurredAt, e.channel, e.correlationId, JSON.stringify(e), String(seqs[i])].map(copyField).join('\t') + '\n');
  await pipeline(Readable.from(lines), db.query(copyFrom(`COPY event_staging (${COLUMNS}) FROM STDIN`)));
  return (await db.query(`INSERT INTO ${table} (${COLUMNS}) SELECT ${COLUMNS} FROM event_staging ON CONFLICT (id) DO NOTHING RETURNING id`)).rowCount ?? 0;
};

async function main() {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel');
  base.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}_record`;
  await dropDatabase(base.toString());
  await migrate(base.toString());
  const db = new Client({ connectionString: base.toString() });
  await db.connect();
  // Copies of the event table with its constraints and indexes, one per variant, so none sees another's rows.
  const copyOf = async (name: string, extra = '') => {
    await db.query(`CREATE TABLE ${name} (LIKE account_event INCLUDING ALL) ${extra}`);
    return name;
  };
  const plain = await copyOf('ev_jsonb');
  const arrays = await copyOf('ev_arrays');
  const copied = await copyOf('ev_copy');
  const asyncCommit = await copyOf('ev_async');
  const noTimeline = await copyOf('ev_no_timeline');
  const timeline = (await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%(account_id, occurred_at)%'`, [noTimeline]))
    .rows;
  for (const { indexname } of timeline) await db.query(`DROP INDEX ${indexname}`);
  // A partitioned table's unique keys must hold the partition key: (account_id, id) where the detector has (id).
  await db.query(`CREATE TABLE ev_partitioned (LIKE account_event INCLUDING DEFAULTS, PRIMARY KEY (account_id, id)) PARTITION BY HASH (account_id)`);
  for (let i = 0; i < 8; i++) await db.query(`CREATE TABLE ev_partitioned_${i} PARTITION OF ev_partitioned FOR VALUES WITH (MODULUS 8, REMAINDER ${i})`);
  await db.query(`CREATE INDEX ON ev_partitioned (account_id, occurred_at)`);
  await db.query(`CREATE UNIQUE INDEX ON ev_partitioned (account_id, account_seq) WHERE account_seq IS NOT NULL`);
  const viaJsonbPartitioned = async (c: Client, table: string, events: AccountEvent[], seqs: number[]) =>
    (
      await c.query(
        `INSERT INTO ${table} (${COLUMNS})
         SELECT e->>'id', e->>'accountId', e->>'type', (e->>'occurredAt')::timestamptz, e->>'channel', e->>'correlationId', e, ($2::bigint[])[ord]
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
         ON CONFLICT (account_id, id) DO NOTHING RETURNING id`,
        [JSON.stringify(events), seqs],
      )
    ).rowCount ?? 0;

  const variants: Variant[] = [
    { name: 'jsonb (now)', table: plain, record: viaJsonb },
    { name: 'arrays', table: arrays, record: viaArrays },
    { name: 'copy', table: copied, record: viaCopy },
    { name: 'async commit', table: asyncCommit, record: viaJsonb, asyncCommit: true },
    { name: 'no timeline', table: noTimeline, record: viaJsonb },
    { name: 'partitioned', table: 'ev_partitioned', record: viaJsonbPartitioned },
  ];
  const batchSize = Number(process.env.BENCH_RECORD_BATCH ?? 500);
  const batches = Number(process.env.BENCH_RECORD_BATCHES ?? 40);
  const rounds = Number(process.env.BENCH_RECORD_ROUNDS ?? 3);
  const stream = new DemoStream({ accounts: 10_000, suspiciousRate: 0.03, accountPrefix: 'rec' });
  const seq = new Map<string, number>();
  const elapsed = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    // The same events for every variant in a round; a tenth of each batch is a redelivery.
    const work: { events: AccountEvent[]; seqs: number[] }[] = [];
    let last: AccountEvent[] = [];
    for (let b = 0; b < batches; b++) {
      const events: AccountEvent[] = last.slice(0, batchSize / 10);
      while (events.length < batchSize) events.push(...stream.next());
      events.length = batchSize;
      last = events.slice(batchSize / 10);
      work.push({
        events,
        seqs: events.map((e) => {
          const n = (seq.get(e.accountId) ?? 0) + 1;
          seq.set(e.accountId, n);
          return n;
        }),
      });
    }
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      const start = performance.now();
      let fresh = 0;
      for (const { events, seqs } of work) {
        await db.query('BEGIN');
        if (variant.asyncCommit) await db.query('SET LOCAL synchronous_commit = off');
        fresh += await variant.record(db, variant.table, events, seqs);
        await db.query('COMMIT');
      }
      const seconds = (performance.now() - start) / 1000;
      elapsed.set(variant.name, [...(elapsed.get(variant.name) ?? []), (batches * batchSize) / seconds]);
      if (fresh === 0) throw new Error(`${variant.name} recorded nothing`);
    }
  }
  await db.end();
  const base0 = median(elapsed.get(variants[0].name)!);
  process.stdout.write(`recording ${batches} batches of ${batchSize} events per variant per round, ${rounds} rounds (median events/s, ratio to jsonb; each round's figures)\n`);
  for (const v of variants) {
    const runs = elapsed.get(v.name)!;
    process.stdout.write(
      `  ${v.name.padEnd(14)}${Math.round(median(runs)).toLocaleString('en').padStart(8)} events/s  ${(median(runs) / base0).toFixed(2)}  [${runs.map((r) => Math.round(r)).join(', ')}]\n`,
    );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

main().catch((error: Error) => {
  process.stderr.write(`record bench failed: ${error.stack}\n`);
  process.exit(1);
});
