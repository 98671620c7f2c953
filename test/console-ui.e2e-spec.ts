import type { AccountEvent } from '@sentinel/contracts';
import {
  TEST_ADMIN,
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
      {
        KAFKA_TOPIC_PREFIX: prefix,
        INGEST_API_KEYS: `ui:${API_KEY}`,
        SMTP_URL: sink.url,
        DEFAULT_LOCALE: 'en',
        LATENESS_MS: '1000',
        DEFERRED_POLL_MS: '200',
        OUTBOX_POLL_MS: '200',
        RULESET_POLL_MS: '300',
      },
      'console-ui-logs',
    ).start();
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana Analyst', role: 'analyst' });
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam Supervisor', role: 'supervisor' });
    await post([...onboarded(victim, at), ...takeover(victim, at)]);
    await post([...onboarded(others[0], at), ...takeover(others[0], at)]);
    await post([...onboarded(others[1], at), partnerLoan(others[1], 'shady-ui', at)]);
    // Takeovers are urgent at once; the partner loan is a case once its consent check has waited out
    // the lateness window: urgent too, as no "was me" clears a loan nobody consented to.
    for (const [accountId, decision] of [
      [victim, 'urgent'],
      [others[0], 'urgent'],
      [others[1], 'urgent'],
    ] as const) {
      await pollUntil(async () => (await admin.get<{ total: number }>(`/api/cases?account=${accountId}&decision=${decision}`)).total === 1, { what: `a case for ${accountId}` });
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

    await page.selectOption('select[name=rule]', 'unbind.unknown-device');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('[data-testid=case-count]:text-is("2 cases")');
    expect(page.url()).toContain('rule=unbind.unknown-device');
    await page.fill('input[name=account]', victim);
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('[data-testid=case-count]:text-is("1 case")');

    await page.click(`tr[data-case="${caseId}"] a`);
    await page.waitForSelector('[data-testid=case-status]');
    expect(await page.textContent('[data-testid=case-status]')).toBe('Open');
    expect(await page.textContent('.hits')).toContain('laptop-x');
    expect(await page.locator('.timeline tr').count()).toBe(8);

    await page.click('button:has-text("Claim")');
    await page.waitForSelector('[data-testid=assignee]:text-is("Held by Ana Analyst")');
    expect(await page.textContent('[data-testid=case-status]')).toBe('In review');

    await page.fill('textarea[name=body]', 'Borrower confirmed by phone that they did not unbind card 6222021234561236.');
    await page.click('button:has-text("Add note")');
    await page.waitForSelector('.notes li');
    expect(await page.textContent('.notes li p')).toBe('Borrower confirmed by phone that they did not unbind card ****1236.');

    await page.click('[data-testid=resolve]');
    await page.selectOption('[role=dialog] select[name=reasonCode]', 'confirmed_fraud');
    await page.click('[role=dialog] button[type=submit]');
    await page.waitForSelector('[data-testid=case-status]:text-is("Resolved · Fraud confirmed")');
    const audit = await page.textContent('[data-testid=audit]');
    expect(audit).toContain('Case claimed');
    expect(audit).toContain('Note added');
    expect(audit).toContain('Case status changed');
    expect(audit).toMatch(/analyst:ana.*Case status changed.*Status: In review → Resolved/s);
    await page.screenshot({ path: screenshotPath('console-case'), fullPage: true });

    const [entry] = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE entity_id = $1 AND action = 'case.status_changed'`, [
      caseId,
    ]);
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
    // The history reloads after the version heading: wait for the new entry rather than read at once.
    await page.waitForSelector('[data-testid=rule-history] >> text=two partner loans a week is already unusual');
    expect(await page.inputValue('input[name="loan.velocity.maxLoans"]')).toBe('2');
    await page.screenshot({ path: screenshotPath('console-rules'), fullPage: true });

    const live = await admin.get<{ version: number; rules: { id: string; params: Record<string, number> }[] }>('/api/rules');
    expect(live.rules.find((r) => r.id === 'loan.velocity')!.params.maxLoans).toBe(2);
    await pollUntil(
      async () => (await (await fetch(`${harness.url('detector')}/metrics`)).text()).includes(`sentinel_detector_rule_set_version{service="detector"} ${live.version}`),
      { what: 'the detector to load the new version' },
    );
    const [entry] = await harness.db.query<{ actor: string }[]>(`SELECT actor FROM audit_log WHERE entity_type = 'rule_set' AND entity_id = $1`, [String(live.version)]);
    expect(entry.actor).toBe('analyst:sam');

    await page.click('a[href="#/metrics"]');
    await page.waitForSelector('[data-testid=daily-chart] canvas');
    await page.screenshot({ path: screenshotPath('console-metrics'), fullPage: true });
    await page.click('a[href="#/merchants"]');
    await page.waitForSelector('text=Merchants');
    await context.close();
  });

  it('refuses an emptied score instead of saving 0, and shows precision with its count', async () => {
    const before = await admin.get<{ version: number; rules: { id: string; score: number }[] }>('/api/rules');
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
      const page = await logIn(context, SAM);
      await page.click('a[href="#/rules"]');
      await page.waitForSelector('[data-testid=live-version]');
      // One case resolved as fraud so far: 100% is an anecdote, and says so.
      const precision = await page.textContent('tr[data-rule="unbind.unknown-device"] [data-testid=precision]');
      expect(precision).toContain('100% (n=1)');
      expect(precision).toContain(locale === 'en' ? 'too few cases to be sure' : '案件太少，尚不可靠');

      expect(await page.textContent('tr[data-rule="loan.dormant-account"] [data-testid=rule-description]')).toBe(
        locale === 'en' ? 'Loan on an account with no activity for N days' : '在 N 天无活动的账户上开立贷款',
      );
      await page.fill('input[name="loan.dormant-account.score"]', '');
      await page.fill('input[name=reason]', 'an emptied score must not go live as 0');
      expect(await page.getAttribute('input[name="loan.dormant-account.score"]', 'aria-invalid')).toBe('true');
      expect(await page.isDisabled('main form button[type=submit]')).toBe(true);
      await page.press('input[name=reason]', 'Enter');
      await page.waitForSelector('[data-testid=rules-invalid]');
      await page.screenshot({ path: screenshotPath(`console-rules-invalid-${locale}`), fullPage: true });
      await context.close();
    }
    const after = await admin.get<{ version: number; rules: { id: string; score: number }[] }>('/api/rules');
    expect(after.version).toBe(before.version);
    expect(after.rules.find((r) => r.id === 'loan.dormant-account')!.score).toBe(before.rules.find((r) => r.id === 'loan.dormant-account')!.score);
  });

  it('picks the queue rule from a list, shows a refused filter without a list under it, and clears the error once corrected', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
      const page = await logIn(context, ANA);
      await page.waitForSelector('table.queue');
      // A hand-edited link with a malformed rule id: the API refuses it.
      await page.goto(`${harness.url('console')}/#/queue?rule=Unknown%20Device`);
      await page.waitForSelector('[role=alert]');
      expect(await page.textContent('[role=alert]')).toContain('rule');
      expect(await page.locator('table.queue').count()).toBe(0);
      expect(await page.locator('[data-testid=case-count]').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`console-queue-filter-error-${locale}-phone`), fullPage: true });

      expect(await page.locator('select[name=rule] option').allTextContents()).toContain('loan.dormant-account');
      await page.selectOption('select[name=rule]', 'unbind.unknown-device');
      await page.click('form.filters button[type=submit]');
      await page.waitForSelector('table.queue');
      expect(await page.locator('[role=alert]').count()).toBe(0);
      // Two cases for the rule, one resolved by the first test: the queue opens on open work.
      expect(await page.locator('table.queue tbody tr').count()).toBe(1);
      await context.close();
    }
  });

  it('drops a revealed contact when the supervisor opens another case by its URL', async () => {
    const [first, second] = await Promise.all(others.map(async (accountId) => (await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${accountId}`)).items[0].id));
    const masked = await admin.get<{ contacts: { kind: string; masked: string }[] }>(`/api/cases/${second}`);
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
      const page = await logIn(context, SAM);
      await page.goto(`${harness.url('console')}/#/cases/${first}`);
      await page.waitForSelector('[data-testid=contact-email]');
      await page.click('li:has([data-testid=contact-email]) button');
      await page.waitForSelector(`[data-testid=contact-email]:text-is("${others[0]}@example.com")`);

      await page.goto(`${harness.url('console')}/#/cases/${second}`);
      await page.waitForSelector(`article.case h1:text-is("${(await admin.get<{ case: { referenceCode: string } }>(`/api/cases/${second}`)).case.referenceCode}")`);
      expect(await page.textContent('[data-testid=contact-email]')).toBe(masked.contacts.find((c) => c.kind === 'email')!.masked);
      await page.screenshot({ path: screenshotPath(`console-reveal-dropped-${locale}`), fullPage: true });
      await context.close();
    }
  });

  it('shows the current state of a case changed elsewhere: on focus, and after an action the change refused', async () => {
    const other = (await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${others[1]}`)).items[0].id;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', 'zh-CN')` });
    // A tab whose live feed is cut (a laptop back from sleep, a proxy that drops the stream): what it
    // shows is stale until focus or an action brings it up to date, which is what this test is about.
    await context.route('**/api/live/**', (route) => route.abort());
    const page = await logIn(context, SAM);
    await page.goto(`${harness.url('console')}/#/cases/${other}`);
    await page.waitForSelector('[data-testid=case-status]:text-is("待处理")');

    // Someone else claims it while this tab sits in the background; coming back shows it.
    await admin.post(`/api/cases/${other}/claim`);
    await page.evaluate(`document.dispatchEvent(new Event('visibilitychange')); window.dispatchEvent(new Event('focus'))`);
    await page.waitForSelector('[data-testid=case-status]:text-is("审核中")');
    expect(await page.textContent('[data-testid=assignee]')).toMatch(/^由 .+ 自 .+ 起处理中$/);

    // It is resolved elsewhere; this tab still offers Resolve, the refusal brings the page up to date.
    await admin.post(`/api/cases/${other}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' });
    await page.click('[data-testid=resolve]');
    await page.selectOption('[role=dialog] select[name=reasonCode]', 'confirmed_fraud');
    await page.click('[role=dialog] button[type=submit]:text-is("结案")');
    await page.waitForSelector('[data-testid=case-status]:text-is("已结案 · 正常操作")');
    // The refusal, in the reader's language.
    const refusal = (await page.textContent('[role=alert]'))!;
    expect(refusal).toMatch(/[\u4e00-\u9fff]/);
    expect(refusal).not.toMatch(/[A-Za-z]{3,}/);
    expect(await page.locator('[data-testid=resolve]').count()).toBe(0);
    expect(await page.locator('[role=dialog]').count()).toBe(0);
    // Resolved: nobody holds it any more.
    expect(await page.locator('[data-testid=assignee]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('console-case-refreshed-zh-phone'), fullPage: true });
    await context.close();
  });

  it('smaller things: the way back keeps filters and scroll, audit diffs, money and time zones in the timeline, Chinese labels, phone width, historical cases, metrics', async () => {
    const first = (await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${others[0]}`)).items[0].id;
    const loan = (await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${others[1]}`)).items[0].id;
    await harness.db.query(`UPDATE fraud_case SET historical = true WHERE id = $1`, [first]);
    // The borrower answers through the emailed link: an audit entry whose "after" names only what changed.
    const mail = await pollUntil(() => sink.received.find((m) => m.to.includes(`${others[0]}@example.com`)), { what: 'the alert email' });
    const token = /\/verify\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1];
    const answered = await fetch(`${harness.url('console')}/verify/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'answer=not_me&lang=en',
    });
    expect(answered.status).toBe(200);
    await pollUntil(
      async () => (await admin.get<{ channels: { channel: string; sent: number }[] }>('/api/metrics?days=14')).channels.some((c) => c.channel === 'sms' && c.sent > 0),
      { what: 'a dry-run SMS counted as sent' },
    );

    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 600 }, timezoneId: 'Asia/Shanghai' });
      await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
      const page = await logIn(context, ANA);
      const fits = async () => {
        // Anything reaching past the right edge is named, so a failure says what overflows.
        const wide = await page.evaluate(
          `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('table')).map((e) => e.tagName + '.' + e.className).slice(0, 5)`,
        );
        expect(wide).toEqual([]);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
        // The language and logout wait behind the header's Menu button at phone width, and fit when it opens.
        await page.click('[data-testid=menu-toggle]');
        // The language, the notifications bell and logout.
        for (const control of await page.locator('.topbar select.locale, .topbar button.link').all()) {
          const box = (await control.boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(390);
        }
        await page.click('[data-testid=menu-toggle]');
      };

      // The queue, filtered and scrolled down, marks the historical case.
      await page.goto(`${harness.url('console')}/#/queue?sort=oldest`);
      await page.waitForSelector('table.queue');
      expect(await page.textContent(`tr[data-case="${first}"] .badge.historical`)).toBe(locale === 'en' ? 'Historical' : '历史案件');
      await fits();
      await page.screenshot({ path: screenshotPath(`console-queue-phone-${locale}`), fullPage: true });
      // Cases are compact cards at phone width: with the filters open the queue is taller than the screen.
      await page.click('[data-testid=filters-toggle]');
      const scrolled = await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight); window.scrollY');
      expect(scrolled).toBeGreaterThan(0);
      await page.click(`tr[data-case="${first}"] a`);

      await page.waitForSelector('[data-testid=case-status]');
      expect(await page.textContent('[data-testid=historical]')).toBe(locale === 'en' ? 'Historical' : '历史案件');
      const audit = (await page.textContent('[data-testid=audit]'))!;
      expect(audit).toContain(locale === 'en' ? 'Borrower answer: Not me' : '借款人回复：不是本人');
      expect(audit).not.toContain('∅');
      expect(await page.textContent('[data-testid=time-zone]')).toContain('Asia/Shanghai');
      const rows = () => page.locator('.timeline tr td:first-child').allTextContents();
      const newestFirst = await rows();
      expect(newestFirst.length).toBeGreaterThan(1);
      expect(newestFirst[0]).toMatch(/GMT\+8|CST|UTC\+8/);
      await page.click('[data-testid=timeline-order]');
      expect(await rows()).toEqual([...newestFirst].reverse());
      if (locale === 'zh-CN') {
        expect(await page.textContent('.timeline')).toContain('解绑银行卡');
        expect(['低', '中', '高', '严重']).toContain(await page.textContent('.hits .badge'));
        expect(await page.textContent('.alerts')).toContain('已发送');
      }
      await fits();
      await page.screenshot({ path: screenshotPath(`console-case-phone-${locale}`), fullPage: true });

      await page.click('[data-testid=back]');
      await page.waitForSelector('table.queue');
      expect(page.url()).toContain('sort=oldest');
      await pollUntil(async () => (await page.evaluate('window.scrollY')) === scrolled, { what: 'the queue back at its scroll position' });

      // Loan amounts read as money.
      await page.goto(`${harness.url('console')}/#/cases/${loan}`);
      await page.waitForSelector('.timeline');
      const timeline = (await page.textContent('.timeline'))!;
      expect(timeline).toContain('20,000.00 CNY');
      expect(timeline).not.toContain('amountMinor');

      // At phone width the pages are behind the header's Menu button.
      await page.click('[data-testid=menu-toggle]');
      await page.click('a[href="#/metrics"]');
      await page.waitForSelector('[data-testid=daily-chart] canvas');
      const [card, canvas] = await Promise.all([page.locator('[data-testid=daily-chart]').boundingBox(), page.locator('[data-testid=daily-chart] canvas').boundingBox()]);
      expect(canvas!.width).toBeGreaterThan(card!.width * 0.9);
      expect(await page.textContent('[data-testid=sms-note]')).toContain(locale === 'en' ? 'dry-run' : '演练模式');
      await fits();
      await page.screenshot({ path: screenshotPath(`console-metrics-phone-${locale}`), fullPage: true });
      await context.close();
    }
  });

  it("an admin's header fits a 1440-pixel desktop in English and in Chinese: the brand, search, bell and account in one row, every page link on one line in the row below, nothing squashed", async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
      await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
      const page = await logIn(context, TEST_ADMIN);
      await page.screenshot({ path: screenshotPath(`console-header-admin-${locale}`) });
      // Anything reaching past the right edge is named, so a failure says what overflows.
      const wide = await page.evaluate(
        `[...document.querySelectorAll('.topbar *')].filter((e) => e.getBoundingClientRect().right > 1440).map((e) => e.tagName + '.' + e.className).slice(0, 5)`,
      );
      expect(wide).toEqual([]);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1440);
      // Two rows at most: the brand, search, bell and account above, the pages below, each page's name on one line.
      expect((await page.locator('.topbar').boundingBox())!.height).toBeLessThanOrEqual(96);
      const links = await page.locator('.topbar nav a').all();
      expect(links.length).toBeGreaterThanOrEqual(13);
      const linkBoxes = await Promise.all(links.map(async (link) => (await link.boundingBox())!));
      expect(new Set(linkBoxes.map((box) => Math.round(box.y))).size).toBe(1);
      expect(Math.max(...linkBoxes.map((box) => box.height))).toBeLessThan(40);
      // Nothing squashed or drawn over another: search keeps room to type, and the top row's controls stand apart.
      expect((await page.locator('.topbar .search-box input').boundingBox())!.width).toBeGreaterThanOrEqual(200);
      const controls = await Promise.all(
        (
          await page
            .locator('.topbar .brand, .topbar .search-box, .topbar .notifications, .topbar .who, .topbar .account-link, .topbar select.locale, .topbar-menu > button.link')
            .all()
        ).map(async (control) => (await control.boundingBox())!),
      );
      expect(controls.length).toBe(7);
      for (const [i, a] of controls.entries())
        for (const b of controls.slice(i + 1)) expect(a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5 || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
      await context.close();
    }
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
