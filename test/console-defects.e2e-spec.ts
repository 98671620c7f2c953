import { issueAnswerToken } from '@sentinel/persistence';
import { type ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness, pollUntil, screenshotPath, seedCase, TEST_ADMIN, openConsolePage } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
type Who = { username: string; password: string };
const ANA: Who = { username: 'ana', password: 'ana-password-0123' };
const BO: Who = { username: 'bo', password: 'bo-password-01234' };

// 6222021234567894 passes the Luhn check, as every card number does; 1790000006470 (13 digits) does not.
const TYPED = 'card 6222 0212 3456 7894, call 139-1234-5678, mail li.wei@example.com';
const LEAKS = ['6222 0212', '6222021234567894', '139-1234', '13912345678', 'li.wei@'];
const REFERENCE = 'loan ref 1790000006470 paid';

/**
 * Defects of the analyst console found in #24, each seen in Debian's Chromium, in English and in
 * Chinese: what the analyst types stays masked wherever it is shown, and a reference number stays
 * readable; the queue opens on open work; the resolve dialog chooses nothing for the analyst; the
 * verify page speaks the browser's language; a throttled login says when to try again; counts
 * take plural forms; a held case offers no Claim; an analyst reads the analysts page, read-only.
 */
describe('console defects of #24', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  const tag = randomUUID().slice(0, 6);

  const seed = (key: string, minutesAgo = 30) =>
    seedCase(harness.db, { accountId: `df-${tag}-${key}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: minutesAgo });

  /** Script errors in any page, checked after each test: a page that threw may still look fine. */
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const open = (locale: Locale, hash: string, who: Who = TEST_ADMIN, base = harness) => openConsolePage(browser, base.url('console'), { locale, hash, who, pageErrors });

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix() }, 'console-defects-logs').start();
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' });
    await admin.post('/api/analysts', { ...BO, displayName: 'Bo', role: 'analyst' });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('1, 11: an escalation reason, single or bulk, is masked in the case audit trail and the audit log; a 13-digit reference in a note stays readable', async () => {
    for (const locale of LOCALES) {
      const single = await seed(`esc1-${locale}`);
      const bulk = await seed(`esc2-${locale}`);
      const { context, page } = await open(locale, `#/cases/${single.caseId}`);
      await page.waitForSelector('[data-testid=audit]');
      await page.fill('section.actions input[name=reason]', TYPED);
      await page.click('section.actions form.inline:has(input[name=reason]) button[type=submit]');
      await page.waitForSelector('[data-testid=audit] tr[data-action="case.escalated"]');
      await admin.post('/api/cases/bulk', { action: 'escalate', caseIds: [bulk.caseId], reason: TYPED });
      // A note with a reference number and a card: the card is masked, the reference is not.
      await page.fill('textarea[name=body]', `${REFERENCE}; ${TYPED}`);
      await page.click('form:has(textarea[name=body]) button[type=submit]');
      // The escalation left a note of its own; this is the typed one.
      const note = (await (await page.waitForSelector('ul.notes li p:has-text("loan ref")')).textContent())!;
      expect(note).toContain(REFERENCE);
      expect(note).toContain('****7894');
      for (const leak of LEAKS) expect(note).not.toContain(leak);

      for (const id of [single.caseId, bulk.caseId]) {
        await page.goto(`${harness.url('console')}/#/cases/${id}`);
        await page.waitForSelector('[data-testid=audit] tr[data-action="case.escalated"]');
        const trail = (await page.textContent('[data-testid=audit]'))!;
        expect(trail).toContain('****7894');
        for (const leak of LEAKS) expect(trail).not.toContain(leak);
        await page.goto(`${harness.url('console')}/#/audit?case=${id}`);
        await page.waitForSelector('[data-testid=audit-log] tr[data-action="case.escalated"]');
        const log = (await page.textContent('[data-testid=audit-log]'))!;
        expect(log).toContain('****7894');
        for (const leak of LEAKS) expect(log).not.toContain(leak);
      }
      await page.screenshot({ path: screenshotPath(`console-defects-masked-reason-${locale}`), fullPage: true });
      await context.close();
    }
  });

  it('4, 19: the queue opens on open work (open and in review), ordered by priority then score band; "Any" shows resolved cases too', async () => {
    const open1 = await seed('q-open');
    const review = await seed('q-review');
    const done = await seed('q-done');
    // Defect 19: scores spread out, and within a priority the higher band comes first even when a
    // lower one has waited longer; an urgent case comes before both.
    const ranked = async (key: string, score: number, minutesAgo: number, decision: 'alert' | 'urgent' = 'alert') =>
      (await seedCase(harness.db, { accountId: `df-${tag}-${key}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: minutesAgo, score, decision })).caseId;
    const order = [await ranked('q-urgent', 91, 5, 'urgent'), await ranked('q-band-high', 74, 10), await ranked('q-band-low', 31, 120)];
    await admin.post(`/api/cases/${review.caseId}/claim`);
    await admin.post(`/api/cases/${done.caseId}/claim`);
    await admin.post(`/api/cases/${done.caseId}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' });
    const words = { en: { status: 'Open or in review', any: 'Any (resolved too)' }, 'zh-CN': { status: '待处理或审核中', any: '全部（含已结案）' } };
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '#/queue');
      await page.waitForSelector(`tr[data-case="${open1.caseId}"]`);
      expect(await page.locator(`tr[data-case="${review.caseId}"]`).count()).toBe(1);
      expect(await page.locator(`tr[data-case="${done.caseId}"]`).count()).toBe(0);
      expect(await page.textContent('select[name=status] option:checked')).toBe(words[locale].status);
      const rows = await page
        .locator('table.queue tbody tr[data-case]')
        .evaluateAll((trs: { getAttribute(name: string): string | null }[]) => trs.map((tr) => tr.getAttribute('data-case')));
      expect(rows.filter((id) => order.includes(id!))).toEqual(order);
      expect(await Promise.all(order.map((id) => page.textContent(`tr[data-case="${id}"] td.c-score`)))).toEqual(['91', '74', '31']);
      await page.screenshot({ path: screenshotPath(`console-defects-queue-default-${locale}`) });
      await page.selectOption('select[name=status]', 'all');
      await page.click('form.filters button[type=submit]');
      await page.waitForSelector(`tr[data-case="${done.caseId}"]`);
      expect(page.url()).toContain('status=all');
      expect(await page.textContent('select[name=status] option:checked')).toBe(words[locale].any);
      await context.close();
    }
  });

  it('17: the resolve dialog chooses no reason; submitting without one says what is missing', async () => {
    const words = {
      en: { choose: 'Choose a reason…', missing: 'Choose a reason first: why is this case closed?' },
      'zh-CN': { choose: '请选择原因…', missing: '请先选择结案原因。' },
    };
    for (const locale of LOCALES) {
      const { caseId } = await seed(`resolve-${locale}`);
      await admin.post(`/api/cases/${caseId}/claim`);
      const { context, page } = await open(locale, `#/cases/${caseId}`);
      await page.click('[data-testid=resolve]');
      await page.waitForSelector('[data-testid=resolve-dialog]');
      expect(await page.inputValue('[role=dialog] select[name=reasonCode]')).toBe('');
      expect(await page.textContent('[role=dialog] select[name=reasonCode] option:checked')).toBe(words[locale].choose);
      await page.click('[role=dialog] button[type=submit]');
      expect(await page.textContent('[role=dialog] [role=alert]')).toBe(words[locale].missing);
      await page.screenshot({ path: screenshotPath(`console-defects-resolve-no-reason-${locale}`) });
      const [row] = await harness.db.query<{ status: string }[]>(`SELECT status FROM fraud_case WHERE id = $1`, [caseId]);
      expect(row.status).toBe('in_review');
      // A reason chosen, the message goes and the case resolves.
      await page.selectOption('[role=dialog] select[name=reasonCode]', 'false_positive');
      expect(await page.locator('[role=dialog] [role=alert]').count()).toBe(0);
      await page.click('[role=dialog] button[type=submit]');
      await page.waitForSelector('[data-testid=resolution-reason]');
      await context.close();
    }
  });

  it('13: counts take plural forms: "1 case", "1 new case", "1 linked account"', async () => {
    await seed('plural');
    // One account on a device: its pivot counts "1 linked account".
    const device = `dev-${tag}-plural`;
    await harness.db.query(
      `INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ('device', $1, $2, $3, 'device.login', now(), false, true)`,
      [device, `df-${tag}-plural`, randomUUID()],
    );
    const words = {
      en: { found: '1 case', arrived: '1 new case: show it', linked: '1 linked account' },
      'zh-CN': { found: '共 1 个案件', arrived: '有 1 个新案件：点击显示', linked: '1 个关联账户' },
    };
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, `#/queue?account=df-${tag}-plural`);
      await page.waitForSelector(`[data-testid=case-count]:text-is("${words[locale].found}")`);
      expect(await page.locator('table.queue tbody tr').count()).toBe(1);
      await page.goto(`${harness.url('console')}/#/queue`);
      await page.waitForSelector('[data-testid=case-count]');
      const newcomer = await seed(`new-${locale}`, 0);
      await harness.db.query(`UPDATE fraud_case SET opened_at = now(), updated_at = now() WHERE id = $1`, [newcomer.caseId]);
      await page.waitForSelector('[data-testid=new-cases]');
      expect(await page.textContent('[data-testid=new-cases]')).toBe(words[locale].arrived);
      await page.goto(`${harness.url('console')}/#/entities/device/${device}`);
      await page.waitForSelector(`[data-testid=entity-count]:text-is("${words[locale].linked}")`);
      await context.close();
    }
  });

  it('18: the verify page follows Accept-Language when the link names no language; ?lang= still wins', async () => {
    const { caseId, referenceCode } = await seed('verify');
    const issue = (locale: Locale) =>
      harness.db.transaction((m) =>
        issueAnswerToken(m, {
          kind: 'fraud',
          caseId,
          accountId: `df-${tag}-verify`,
          alertId: randomUUID(),
          referenceCode,
          locale,
          summary: { eventType: 'loan.opened', occurredAt: new Date().toISOString(), channel: 'app' },
          ttlHours: 24,
        }),
      );
    const heading = { en: 'Was this you?', 'zh-CN': '这是您本人的操作吗？' };
    // Sent in Chinese, read in an English browser; sent in English, read in a Chinese one.
    for (const [sentIn, browserIn] of [
      ['zh-CN', 'en'],
      ['en', 'zh-CN'],
    ] as const) {
      const { token } = await issue(sentIn);
      const context = await browser.newContext({ locale: browserIn, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${harness.url('console')}/verify/${token}`);
      expect(await page.textContent('h1')).toBe(heading[browserIn]);
      expect(await page.getAttribute('html', 'lang')).toBe(browserIn);
      await page.screenshot({ path: screenshotPath(`console-defects-verify-accept-${browserIn}`), fullPage: true });
      await page.goto(`${harness.url('console')}/verify/${token}?lang=${sentIn}`);
      expect(await page.textContent('h1')).toBe(heading[sentIn]);
      // A link nobody can answer speaks the browser's language too.
      await page.goto(`${harness.url('console')}/verify/${randomUUID()}${randomUUID()}`);
      expect(await page.getAttribute('html', 'lang')).toBe(browserIn);
      await context.close();
    }
  });

  it('5: a case another analyst holds offers no Claim and says since when, in local time; a stale Claim is refused in words', async () => {
    const held = await seed('held');
    const ana = await harness.console(ANA.username, ANA.password);
    await ana.post(`/api/cases/${held.caseId}/claim`);
    const words = {
      en: {
        since: /^Held by Ana since \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2} [AP]M GMT\+8$/,
        refused: /^Ana is working this case since \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2} [AP]M GMT\+8\.$/,
      },
      'zh-CN': { since: /^由 Ana 自 \d{4}\/\d{2}\/\d{2} .*\d{2}:\d{2}:\d{2} 起处理中$/, refused: /^Ana 自 \d{4}\/\d{2}\/\d{2} .*\d{2}:\d{2}:\d{2} 起正在处理此案件。$/ },
    };
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, `#/cases/${held.caseId}`, BO);
      await page.waitForSelector('[data-testid=assignee]');
      expect((await page.textContent('[data-testid=assignee]'))!.trim()).toMatch(words[locale].since);
      expect(await page.locator('[data-testid=claim]').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`console-defects-held-${locale}`) });

      // A page opened before Ana's claim, with live updates cut off: its Claim is refused in words, with a local time.
      const stale = await seed(`stale-${locale}`);
      const stalePage = await context.newPage();
      stalePage.on('pageerror', (error) => pageErrors.push(error.message));
      await stalePage.route('**/api/live/**', (route) => route.abort());
      await stalePage.goto(`${harness.url('console')}/#/cases/${stale.caseId}`);
      await stalePage.waitForSelector('[data-testid=claim]');
      await ana.post(`/api/cases/${stale.caseId}/claim`);
      await stalePage.click('[data-testid=claim]');
      await stalePage.waitForSelector('p.error[role=alert]');
      const refused = (await stalePage.textContent('p.error[role=alert]'))!;
      expect(refused).toMatch(words[locale].refused);
      expect(refused).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      await pollUntil(async () => (await stalePage.locator('[data-testid=claim]').count()) === 0, { what: 'Claim gone once the case shows its holder' });
      await context.close();
    }
  });

  it('15: an analyst opening #/analysts reads the list, with no role select, Disable button or new-analyst form', async () => {
    const words = {
      en: 'Only admins change roles or disable accounts: this list is read-only for you.',
      'zh-CN': '只有管理员可以更改角色或停用账户：此列表对您只读。',
    };
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '#/analysts', BO);
      await page.waitForSelector('[data-testid=read-only]');
      expect(await page.textContent('[data-testid=read-only]')).toBe(words[locale]);
      await page.waitForSelector('td:text-is("ana")');
      expect(await page.locator('main select, section select').count()).toBe(0);
      expect(await page.locator('section table button').count()).toBe(0);
      expect(await page.locator('input[name=password]').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`console-defects-analysts-read-only-${locale}`) });
      await context.close();
    }
    // The admin still has the controls.
    const { context, page } = await open('en', '#/analysts');
    await page.waitForSelector('section table select');
    expect(await page.locator('[data-testid=read-only]').count()).toBe(0);
    await context.close();
  });

  it('8: a throttled login says so and when to try again (Retry-After), in English and in Chinese', async () => {
    const strict = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix(), LOGIN_RATE_LIMIT: '3' }, 'console-defects-throttle-logs').start();
    try {
      const words = {
        en: /^Too many login attempts from this address\. Try again in \d+ s, after \d{2}:\d{2}:\d{2} [AP]M\.$/,
        'zh-CN': /^登录尝试次数过多。请在 \d+ 秒后（\d{2}:\d{2}:\d{2} 之后）重试。$/,
      };
      for (const locale of LOCALES) {
        const context = await browser.newContext({ locale, timezoneId: 'Asia/Shanghai' });
        await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
        const page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(strict.url('console'));
        // Three wrong passwords in English use up the minute's budget; the fourth attempt, and every one in Chinese after, is refused.
        for (let attempt = 0; attempt < (locale === 'en' ? 4 : 1); attempt++) {
          await page.fill('input[name=username]', 'admin');
          await page.fill('input[name=password]', 'wrong-password-here');
          const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session')), page.click('button[type=submit]')]);
          expect(response.status()).toBe(locale === 'en' && attempt < 3 ? 401 : 429);
        }
        const text = (await page.textContent('p.error[role=alert]'))!;
        expect(text).toMatch(words[locale]);
        expect(text).not.toContain('ThrottlerException');
        await page.screenshot({ path: screenshotPath(`console-defects-login-throttled-${locale}`) });
        await context.close();
      }
      const refused = await fetch(`${strict.url('console')}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'x' }),
      });
      expect(refused.status).toBe(429);
      const seconds = Number(refused.headers.get('retry-after'));
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({
        error: 'TOO_MANY_ATTEMPTS',
        message: `too many login attempts from this address; try again in ${seconds} s`,
        retryAfterSeconds: seconds,
      });
    } finally {
      await strict.stop();
    }
  }, 120_000);
});
