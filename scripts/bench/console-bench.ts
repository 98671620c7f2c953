// The analyst console on a queue of BENCH_CASES (10,000) cases: latency of the queue's first page,
// of filtered pages, of a page deep behind the cursor, and of a case's detail, over real HTTP with a
// session, against the compiled console; then its ring graph grown to 500 accounts in Chromium
// (ring-graph-bench.ts). Run alone with `npm run bench:console`, or as the last stage of
// `npm run bench`. Prints figures; asserts nothing.
import { dropDatabase, migrate } from '@sentinel/persistence';
import { Client } from 'pg';
import { ensureLocalKafka } from '../lib/local-infra';
import { ServiceProcess } from '../lib/service-process';
import { freePort } from '../lib/free-port';
import { benchRingGraph } from './ring-graph-bench';

const ADMIN_PASSWORD = 'bench-admin-password-0123';

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}

async function seed(url: URL, cases: number): Promise<{ sampleCase: string; sampleAccount: string }> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  // Cases spread over 30 days, a quarter resolved, a few denied by the borrower, two hits each,
  // every tenth from a merchant; twenty analysts hold some.
  await client.query(`INSERT INTO analyst (username, display_name, role, password_hash)
    SELECT 'bench-' || i, 'Bench ' || i, 'analyst', 'scrypt$1$1$1$AA$AA' FROM generate_series(1, 20) i`);
  await client.query(
    `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, updated_at,
                             resolution, resolved_at, borrower_answer, assignee_id)
     SELECT gen_random_uuid(), 'B' || lpad(i::text, 9, '0'), 'bench-acct-' || i,
            CASE WHEN i % 4 = 0 THEN 'resolved' WHEN i % 4 = 1 THEN 'in_review' ELSE 'open' END,
            CASE WHEN i % 3 = 0 THEN 'urgent' ELSE 'alert' END, 70 + i % 30, CASE WHEN i % 3 = 0 THEN 'high' ELSE 'normal' END, 1,
            now() - (i * interval '30 days' / $1), now(),
            CASE WHEN i % 4 = 0 THEN 'fraud_confirmed' END, CASE WHEN i % 4 = 0 THEN now() END,
            CASE WHEN i % 50 = 0 THEN 'not_me' END,
            CASE WHEN i % 4 = 1 THEN (SELECT id FROM analyst WHERE username = 'bench-' || (1 + i % 20)) END
       FROM generate_series(1, $1) i`,
    [cases],
  );
  await client.query(
    `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version)
     SELECT c.id, 'evt-' || c.reference_code || '-' || r, CASE r WHEN 1 THEN 'unbind.unknown-device' ELSE 'unbind.after-takeover-signal' END,
            'high', 40, '{}'::jsonb, '{"en":"bench","zh-CN":"bench"}'::jsonb, 1
       FROM fraud_case c, generate_series(1, 2) r`,
  );
  await client.query(
    `INSERT INTO merchant_flag (merchant_id, account_id, event_id, case_id, reason, at)
     SELECT 'merchant-' || (row_number() OVER () % 10), account_id, 'evt-' || reference_code, id, 'flagged', opened_at
       FROM fraud_case WHERE right(reference_code, 1) = '0'`,
  );
  await client.query('ANALYZE');
  const [sample] = (await client.query<{ id: string; account_id: string }>(`SELECT id, account_id FROM fraud_case ORDER BY opened_at LIMIT 1 OFFSET $1`, [Math.floor(cases / 2)]))
    .rows;
  await client.end();

  return { sampleCase: sample.id, sampleAccount: sample.account_id };
}

export async function benchConsole(base: URL, brokers: string, cases: number, say: (line: string) => void): Promise<void> {
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_DATABASE ?? 'sentinel_bench'}_console`;
  await dropDatabase(url.toString());
  await migrate(url.toString());
  // The console first, so that it makes its admin on an empty analyst table.
  const service = new ServiceProcess('console', await freePort(), { DATABASE_URL: url.toString(), KAFKA_BROKERS: brokers, ADMIN_PASSWORD, LOG_LEVEL: 'warn' }, '.run/bench-logs');
  service.start();
  try {
    await service.waitReady(60_000);
    const { sampleCase, sampleAccount } = await seed(url, cases);
    const login = await fetch(`${service.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const get = async (path: string) => {
      const start = performance.now();
      const response = await fetch(`${service.url}${path}`, { headers: { cookie } });
      const body = (await response.json()) as Page;
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - start, body };
    };
    const time = async (what: string, path: string, runs = 40) => {
      await get(path);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push((await get(path)).ms);
      samples.sort((a, b) => a - b);
      const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
      say(`  ${what.padEnd(44)} p50 ${p(0.5).padStart(6)} ms   p95 ${p(0.95).padStart(6)} ms`);
    };
    say(`console queue       ${cases.toLocaleString('en')} cases, 50 to a page, over HTTP with a session`);
    await time('first page, priority order', '/api/cases');
    await time('open and urgent, oldest first', '/api/cases?status=open&decision=urgent&sort=oldest');
    await time('by rule', '/api/cases?rule=unbind.unknown-device&status=unresolved');
    await time('by merchant', '/api/cases?merchant=merchant-3');
    await time('assigned to one analyst, newest first', '/api/cases?assigned=' + (await get('/api/analysts')).body.items[1].id + '&sort=newest');
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) cursor = (await get(`/api/cases?limit=50${cursor ? `&cursor=${cursor}` : ''}`)).body.nextCursor;
    await time('page 101 behind the cursor', `/api/cases?limit=50&cursor=${cursor}`);
    await time('case detail', `/api/cases/${sampleCase}`);
    await benchRingGraph(service.url, url.toString(), cookie, sampleCase, sampleAccount, say);
  } finally {
    await service.stop();
  }
}

if (require.main === module) {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sentinel');
  void (async () => {
    const kafka = process.env.KAFKA_BROKERS ? undefined : await ensureLocalKafka(9092);
    await benchConsole(base, process.env.KAFKA_BROKERS ?? kafka!.brokers, Number(process.env.BENCH_CASES ?? 10_000), (line) => process.stdout.write(`${line}\n`));
    await kafka?.stop();
  })().catch((error: Error) => {
    process.stderr.write(`bench failed: ${error.stack}\n`);
    process.exit(1);
  });
}
