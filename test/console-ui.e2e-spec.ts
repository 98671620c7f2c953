import type { AccountEvent } from '@sentinel/contracts';
import {
  type ConsoleClient,
  isolatedPrefix,
  launchChromium,
  onboarded,
  partnerLoan,
  PipelineHarness,
  pollUntil,
  relativeTo,
  screenshotPath,
  SmtpSink,
  takeover,
} from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const API_KEY = 'console-ui-ingest-key-0123456789';
const ANA = { username: 'ana', password: 'ana-password-0123' };
const SAM = { username: 'sam', password: 'sam-password-0123' };

/**
 * The analyst console in Debian's headless Chromium: an analyst works a case from the queue to
 * resolution, a supervisor tunes a rule live, and a logged-out browser is refused.
 */
describe('analyst console in the browser', () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const victim = `ui-takeover-${randomUUID().slice(0, 8)}`;
  const others = [`ui-takeover-${randomUUID().slice(0, 8)}`, `ui-loan-${randomUUID().slice(0, 8)}`];
  let sink: SmtpSink;
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  let caseId: string;

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);

  async function logIn(context: BrowserContext, who: { username: string; password: string }): Promise<Page> {
    const page = await context.newPage();
    await page.goto(harness.url('console'));
    await page.fill('input[name=username]', who.username);
    await page.fill('input[name=password]', who.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    return page;
  }

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'notifier', 'console'],
      { KAFKA_TOPIC_PREFIX: prefix, INGEST_API_KEYS: `ui:${API_KEY}`, SMTP_URL: sink.url, DEFAULT_LOCALE: 'en', LATENESS_MS: '1000', DEFERRED_POLL_MS: '200', OUTBOX_POLL_MS: '200', RULESET_POLL_MS: '300' },
      'console-ui-logs',
    ).start();
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana Analyst', role: 'analyst' });
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam Supervisor', role: 'supervisor' });
    await post([...onboarded(victim, at), ...takeover(victim, at)]);
    await post([...onboarded(others[0], at), ...takeover(others[0], at)]);
    await post([...onboarded(others[1], at), partnerLoan(others[1], 'shady-ui', at)]);
    for (const accountId of [victim, ...others]) {
      await pollUntil(async () => (await admin.get<{ total: number }>(`/api/cases?account=${accountId}&decision=urgent`)).total === 1, { what: `a case for ${accountId}` });
    }
    caseId = (await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${victim}`)).items[0].id;
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
    await sink?.stop();
  });

  it('an analyst logs in, filters the queue, opens a case, claims it, notes it, resolves it as fraud and sees the audit entry', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await logIn(context, ANA);
    expect(await page.textContent('[data-testid=who]')).toBe('Ana Analyst · analyst');
    await page.waitForSelector('table.queue');
    expect(await page.textContent('[data-testid=case-count]')).toBe('3 cases');
    await page.screenshot({ path: screenshotPath('console-queue'), fullPage: true });

    await page.fill('input[name=rule]', 'unbind.unknown-device');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('[data-testid=case-count]:text-is("2 cases")');
    expect(page.url()).toContain('rule=unbind.unknown-device');
    await page.fill('input[name=account]', victim);
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('[data-testid=case-count]:text-is("1 cases")');

    await page.click(`tr[data-case="${caseId}"] a`);
    await page.waitForSelector('[data-testid=case-status]');
    expect(await page.textContent('[data-testid=case-status]')).toBe('Open');
    expect(await page.textContent('.hits')).toContain('laptop-x');
    expect(await page.locator('.timeline tr').count()).toBe(8);

    await page.click('button:has-text("Claim")');
    await page.waitForSelector('[data-testid=assignee]:text-is("Held by Ana Analyst")');
    expect(await page.textContent('[data-testid=case-status]')).toBe('In review');

    await page.fill('textarea[name=body]', 'Borrower confirmed by phone that they did not unbind card 6222021234561234.');
    await page.click('button:has-text("Add note")');
    await page.waitForSelector('.notes li');
    expect(await page.textContent('.notes li p')).toBe('Borrower confirmed by phone that they did not unbind card 622****1234.');

    await page.selectOption('select[name=resolution]', 'fraud_confirmed');
    await page.click('button:has-text("Resolve")');
    await page.waitForSelector('[data-testid=case-status]:text-is("Resolved · Fraud confirmed")');
    const audit = await page.textContent('[data-testid=audit]');
    expect(audit).toContain('case.claimed');
    expect(audit).toContain('case.note_added');
    expect(audit).toContain('case.status_changed');
    expect(audit).toMatch(/analyst:ana.*case\.status_changed.*status: "in_review" → "resolved"/s);
    await page.screenshot({ path: screenshotPath('console-case'), fullPage: true });

    const [entry] = await harness.db.query(`SELECT actor, after FROM audit_log WHERE entity_id = $1 AND action = 'case.status_changed'`, [caseId]);
    expect(entry).toMatchObject({ actor: 'analyst:ana', after: { status: 'resolved', resolution: 'fraud_confirmed' } });

    // The language switch turns the whole console to Chinese.
    await page.selectOption('select.locale', 'zh-CN');
    expect(await page.textContent('[data-testid=case-status]')).toBe('已结案 · 确认欺诈');
    expect(await page.textContent('.topbar nav')).toContain('待审队列');
    await page.screenshot({ path: screenshotPath('console-case-zh'), fullPage: true });
    await context.close();
  });

  it('a supervisor edits a rule threshold and sees the new version, which the detector takes up', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await logIn(context, SAM);
    await page.click('a[href="#/rules"]');
    await page.waitForSelector('[data-testid=live-version]');
    const before = await admin.get<{ version: number }>('/api/rules');
    expect(await page.textContent('[data-testid=live-version]')).toBe(`Live rule set: version ${before.version}`);

    await page.fill('input[name="loan.velocity.maxLoans"]', '2');
    await page.fill('input[name=reason]', 'two partner loans a week is already unusual');
    await page.click('button:has-text("Save as new version")');
    await page.waitForSelector(`[data-testid=live-version]:text-is("Live rule set: version ${before.version + 1}")`);
    expect(await page.textContent('[data-testid=rule-history]')).toContain('two partner loans a week is already unusual');
    expect(await page.inputValue('input[name="loan.velocity.maxLoans"]')).toBe('2');
    await page.screenshot({ path: screenshotPath('console-rules'), fullPage: true });

    const live = await admin.get<{ version: number; rules: { id: string; params: Record<string, number> }[] }>('/api/rules');
    expect(live.rules.find((r) => r.id === 'loan.velocity')!.params.maxLoans).toBe(2);
    await pollUntil(
      async () => (await (await fetch(`${harness.url('detector')}/metrics`)).text()).includes(`sentinel_detector_rule_set_version{service="detector"} ${live.version}`),
      { what: 'the detector to load the new version' },
    );
    const [entry] = await harness.db.query(`SELECT actor FROM audit_log WHERE entity_type = 'rule_set' AND entity_id = $1`, [String(live.version)]);
    expect(entry.actor).toBe('analyst:sam');

    await page.click('a[href="#/metrics"]');
    await page.waitForSelector('[data-testid=daily-chart] canvas');
    await page.screenshot({ path: screenshotPath('console-metrics'), fullPage: true });
    await page.click('a[href="#/merchants"]');
    await page.waitForSelector('text=Merchants');
    await context.close();
  });

  it('refuses an analyst-only action once logged out, and shows the login page instead of the case', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, ANA);
    await page.click('button:has-text("Log out")');
    await page.waitForSelector('input[name=password]');
    const claim = await page.evaluate(
      async (id) => (await fetch(`/api/cases/${id}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      caseId,
    );
    expect(claim).toBe(401);
    await page.goto(`${harness.url('console')}/#/cases/${caseId}`);
    await page.waitForSelector('input[name=password]');
    expect(await page.locator('[data-testid=case-status]').count()).toBe(0);
    await context.close();
  });
});
