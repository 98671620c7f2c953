import { anEvent, type ConsoleClient, launchChromium, PipelineHarness, pollUntil } from '@sentinel/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';

const ANA = { username: 'ana', password: 'ana-password-0123' };
const HOME_IP = '203.0.113.9';
const OTHER_IP = '203.0.113.10';

/**
 * Issue 22's low findings against the running console: the answer page under another case, bad
 * dates in the queue and saved filters, and full IPs in what analysts are sent and what is logged.
 */
describe('security: the console’s low findings', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let ana: ConsoleClient;
  let anaId: string;
  let browser: Browser | undefined;
  /** The console's log once the request tagged `marker` is in it: the log is written in order, so every request before it is too. */
  const logThrough = (marker: string) =>
    pollUntil(
      () => {
        const log = harness.services.console.tail(1_000_000);
        return log.includes(marker) && log;
      },
      { what: `the console to log request ${marker}` },
    );
  const error = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: string; message: string }) });

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], {}, 'security-low-items').start();
    admin = await harness.console();
    ({ id: anaId } = await admin.post<{ id: string }>('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' }));
    ana = await harness.console(ANA.username, ANA.password);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('answers /VERIFY/<token> in any case but lower with a 404, and logs no token whatever the case', async () => {
    const token = randomBytes(24).toString('base64url');
    for (const path of [`/VERIFY/${token}`, `/Verify/${token}`, `/vErIfY/${token}?lang=en`]) {
      const response = await fetch(`${harness.url('console')}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.text()).not.toContain('verify.css');
    }
    // The page itself, which answers an unknown link with its own 404 page.
    const marker = randomUUID();
    expect(await (await fetch(`${harness.url('console')}/verify/${token}`, { headers: { 'x-correlation-id': marker } })).text()).toContain('verify.css');
    const log = await logThrough(marker);
    expect(log).toContain('/VERIFY/[token]');
    expect(log).not.toContain(token);
  });

  it.each([
    ['an offset no time zone has', 'from=2026-11-01T00:00:00%2B23:59', /from: offset \+23:59/],
    ['a + left unencoded', 'from=2026-11-01T00:00:00+23:59', /from: .*%2B/],
    ['the year 0000', 'to=0000-01-01T00:00:00Z', /to: the year must be 0001/],
    ['a day and a time', 'from=2026-11-01+23:59', /from: must be an ISO 8601 time/],
  ])('refuses %s in the queue’s dates with a 400 saying what is wrong', async (_what, query, message) => {
    const refused = await error(await ana.request('GET', `/api/cases?${query}`));
    expect(refused).toMatchObject({ status: 400, error: 'INVALID_QUERY' });
    expect(refused.message).toMatch(message);
    expect((await ana.request('GET', `/api/cases/export?${query}`)).status).toBe(400);
    expect((await admin.request('GET', `/api/audit?${query}`)).status).toBe(400);
  });

  it('refuses a saved filter with a bad date, and a stored bad one shows its error in the queue instead of throwing', async () => {
    for (const query of ['status=open&from=2026-11-01+23:59', 'status=open&from=2026-11-01T00:00:00%2B23:59']) {
      const refused = await error(await ana.request('POST', '/api/saved-filters', { name: 'late', query }));
      expect(refused).toMatchObject({ status: 400, error: 'INVALID_BODY' });
      expect(refused.message).toContain('from');
    }
    // One saved before the check, straight into the table.
    await harness.db.query(`INSERT INTO saved_filter (analyst_id, name, query) VALUES ($1, 'late', 'status=open&from=2026-11-01+23:59')`, [anaId]);

    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(harness.url('console'));
    await page.fill('input[name=username]', ANA.username);
    await page.fill('input[name=password]', ANA.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=saved-filters] a:text-is("late")');
    await page.click('[data-testid=saved-filters] a:text-is("late")');
    await page.waitForSelector('p.error[role=alert]');
    expect(await page.textContent('p.error[role=alert]')).toContain('from');
    expect(await page.locator('[data-testid=case-count]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  describe('IPs', () => {
    const account = `ips-${randomUUID().slice(0, 8)}`;
    const neighbour = `ips-${randomUUID().slice(0, 8)}`;
    let caseId: string;

    beforeAll(async () => {
      const home = anEvent('device.login', { accountId: account, device: { id: 'phone-ips', ip: HOME_IP } });
      const other = anEvent('device.login', { accountId: account, occurredAt: '2026-11-20T11:00:00.000Z', device: { id: 'laptop-ips', ip: OTHER_IP } });
      const shared = anEvent('device.login', { accountId: neighbour, device: { id: 'phone-n', ip: OTHER_IP } });
      for (const event of [home, other, shared]) {
        await harness.db.query(`INSERT INTO account_event (id, account_id, type, occurred_at, channel, body) VALUES ($1, $2, $3, $4, 'app', $5)`, [
          event.id,
          event.accountId,
          event.type,
          event.occurredAt,
          JSON.stringify(event),
        ]);
        await harness.db.query(`INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ('ip', $1, $2, $3, $4, $5, false, true)`, [
          event.device!.ip,
          event.accountId,
          event.id,
          event.type,
          event.occurredAt,
        ]);
      }
      caseId = randomUUID();
      await harness.db.query(
        `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical)
         VALUES ($1, $2, $3, 'open', 'alert', 50, 'normal', 1, now(), false, false)`,
        [caseId, `I${randomUUID().slice(0, 7).toUpperCase()}`, account],
      );
      await harness.db.query(
        `INSERT INTO rule_hit (case_id, event_id, rule_id, severity, score, evidence, explanation, rule_set_version) VALUES ($1, $2, 'device.new-login', 'high', 50, $3, $4, 1)`,
        [caseId, other.id, JSON.stringify({ ip: OTHER_IP, knownIps: [HOME_IP] }), JSON.stringify({ en: `login from ${OTHER_IP}, not ${HOME_IP}`, 'zh-CN': `来自 ${OTHER_IP}` })],
      );
      await harness.db.query(`INSERT INTO audit_log (actor, action, entity_type, entity_id, after) VALUES ($1, 'case.borrower_answer', 'case', $2, $3)`, [
        `borrower:${account}`,
        caseId,
        JSON.stringify({ answer: 'not_me', ip: HOME_IP }),
      ]);
    });

    it('sends an analyst no full IP, with two IPs of one /24 told apart the same way on every page', async () => {
      const detail = JSON.stringify(await ana.get(`/api/cases/${caseId}`));
      expect(detail).not.toContain(HOME_IP);
      expect(detail).not.toContain(OTHER_IP);
      const masks = [...new Set(detail.match(/203\.0\.113\.\*~[0-9a-f]{4}/g))];
      expect(masks).toHaveLength(2);

      const ring = await ana.get<{ entities: { kind: string; value: string; masked: string }[] }>(`/api/cases/${caseId}/ring`);
      expect(JSON.stringify(ring)).not.toMatch(/203\.0\.113\.(9|10)\b/);
      const ips = ring.entities.filter((e) => e.kind === 'ip');
      expect(ips.map((e) => e.masked).sort()).toEqual([...masks].sort());

      // The pivot from a masked IP finds the accounts behind the whole one.
      const shared = ips.find((e) => detail.includes(`login from ${e.masked}`))!;
      const linked = await ana.get<{ entity: { masked: string }; accounts: { accountId: string }[] }>(`/api/entities/ip/${encodeURIComponent(shared.value)}`);
      expect(linked.entity.masked).toBe(shared.masked);
      expect(linked.accounts.map((a) => a.accountId).sort()).toEqual([account, neighbour].sort());

      // A supervisor or admin reads them whole.
      expect(JSON.stringify(await admin.get(`/api/cases/${caseId}`))).toContain(HOME_IP);
      const marker = randomUUID();
      await fetch(`${harness.url('console')}/api/session`, { headers: { cookie: admin.cookie!, 'x-correlation-id': marker } });
      expect(await logThrough(marker)).not.toMatch(/203\.0\.113\.(9|10)\b/);
    });

    it('logs no client address in full', async () => {
      const marker = randomUUID();
      await fetch(`${harness.url('console')}/api/session`, { headers: { cookie: ana.cookie!, 'x-correlation-id': marker } });
      const log = await logThrough(marker);
      expect(log).toMatch(/"remoteAddress":"127\.0\.0\.\*~[0-9a-f]{4}"/);
      expect(log).not.toContain('"remoteAddress":"127.0.0.1"');
      expect(log).not.toContain('"remoteAddress":"::ffff:127.0.0.1"');
    });
  });
});
