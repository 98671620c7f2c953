// The analyst console's link analysis at its ceiling: a case whose account sits in a web of
// thousands of linked accounts, its graph grown to 500 of them, in Debian's Chromium. Prints how long
// the ring's API answer takes and how long the page takes from the click to 500 drawn accounts.
// Run as a stage of `npm run bench:console` (and so of `npm run bench`). Asserts nothing.
import { Client } from 'pg';
import { chromium } from 'playwright-core';

const RUNS = 5;
const NODES = 500;

/**
 * Around `accountId`: 12 devices, each shared with 8 accounts; each of those accounts on 11 IPs of
 * its own, each shared with 8 more. Far more than 500 accounts two hops out, at the ring's bounds
 * (12 entities an account, 8 accounts an entity), with every shared link an edge.
 */
async function seedWeb(databaseUrl: string, accountId: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged)
     SELECT 'device', 'web-dev-' || d, a, 'web-evt-dev-' || d || '-' || a, 'device.login', now() - d * interval '1 hour', false, true
       FROM generate_series(0, 11) d,
            LATERAL (SELECT $1::text AS a UNION ALL SELECT 'web-' || d || '-' || m FROM generate_series(0, 7) m) accounts`,
    [accountId],
  );
  await client.query(
    `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged)
     SELECT 'ip', '10.' || d || '.' || m || '.' || i, a, 'web-evt-ip-' || d || '-' || m || '-' || i || '-' || a, 'device.login', now() - i * interval '1 day', false, true
       FROM generate_series(0, 11) d, generate_series(0, 7) m, generate_series(0, 10) i,
            LATERAL (SELECT 'web-' || d || '-' || m AS a UNION ALL SELECT 'web-' || d || '-' || m || '-' || i || '-' || n FROM generate_series(0, 7) n) accounts`,
  );
  await client.query('ANALYZE entity_link');
  await client.end();
}

const percentile = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))];

export async function benchRingGraph(consoleUrl: string, databaseUrl: string, cookie: string, caseId: string, accountId: string, say: (line: string) => void): Promise<void> {
  await seedWeb(databaseUrl, accountId);
  const api: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    const response = await fetch(`${consoleUrl}/api/cases/${caseId}/ring?nodes=${NODES}`, { headers: { cookie } });
    const body = (await response.json()) as { nodes: unknown[] };
    if (response.status !== 200 || body.nodes.length !== NODES) throw new Error(`ring: ${response.status}, ${body.nodes?.length} accounts`);
    if (i > 0) api.push(performance.now() - start);
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  const page: number[] = [];
  try {
    const [name, value] = cookie.split('=');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name, value, url: consoleUrl }]);
    const tab = await context.newPage();
    for (let i = 0; i <= RUNS; i++) {
      await tab.goto(`${consoleUrl}/#/cases/${caseId}`);
      await tab.reload();
      await tab.waitForSelector('[data-testid=ring-more]');
      const start = performance.now();
      await tab.click('[data-testid=ring-more]');
      await tab
        .locator('[data-testid=ring-graph] circle')
        .nth(NODES - 1)
        .waitFor({ state: 'attached', timeout: 60_000 });
      if (i > 0) page.push(performance.now() - start);
    }
  } finally {
    await browser.close();
  }
  const line = (what: string, samples: number[]) =>
    say(
      `  ${what.padEnd(44)} p50 ${percentile(samples, 0.5).toFixed(0).padStart(6)} ms   max ${Math.max(...samples)
        .toFixed(0)
        .padStart(6)} ms`,
    );
  say(`ring graph          ${NODES} accounts of a web of ${(1 + 12 * 8 + 12 * 8 * 11 * 8).toLocaleString('en')}, ${RUNS} runs`);
  line('ring API, ?nodes=500', api);
  line('click to 500 drawn accounts (Chromium)', page);
}
