import type { AccountEvent } from '@sentinel/contracts';
import { type ConsoleClient, isolatedPrefix, launchChromium, onboarded, PipelineHarness, pollUntil, relativeTo, screenshotPath, takeover } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const API_KEY = 'console-supervisor-ingest-key-0123';
const SAM = { username: 'sam', password: 'sam-password-0123' };
const LOCALES = ['en', 'zh-CN'] as const;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Wall time in Shanghai, as a `datetime-local` input takes it. */
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

/**
 * Supervisor tools in Chromium (#14, feature 10): the audit log with its filters, a per-rule diff
 * of two rule-set versions and a rollback that publishes a new version, and a backtest of unsaved
 * edits over the last N days that writes nothing. Each in English, in Chinese and at phone width.
 */
describe('supervisor tools in the browser', () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const victims = [`sup-a-${randomUUID().slice(0, 8)}`, `sup-b-${randomUUID().slice(0, 8)}`];
  let harness: PipelineHarness;
  let sam: ConsoleClient;
  let browser: Browser;
  const caseOf: Record<string, string> = {};

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);

  async function open(viewport: { width: number; height: number }, locale: (typeof LOCALES)[number], hash: string): Promise<{ context: BrowserContext; page: Page }> {
    // The browser's own locale too, so native date and time inputs read in the same language.
    const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai', locale });
    await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
    const page = await context.newPage();
    await page.goto(harness.url('console'));
    await page.fill('input[name=username]', SAM.username);
    await page.fill('input[name=password]', SAM.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    await page.goto(`${harness.url('console')}/${hash}`);
    return { context, page };
  }

  const noSidewaysScroll = async (page: Page) => await page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth');
  const counts = async () =>
    (
      await harness.db.query<{ cases: number; hits: number; outbox: number; events: number; version: number }[]>(
        `SELECT (SELECT count(*) FROM fraud_case)::int AS cases, (SELECT count(*) FROM rule_hit)::int AS hits, (SELECT count(*) FROM outbox)::int AS outbox,
                (SELECT count(*) FROM account_event)::int AS events, (SELECT max(version) FROM rule_set)::int AS version`,
      )
    )[0];

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'console'],
      { KAFKA_TOPIC_PREFIX: prefix, INGEST_API_KEYS: `sup:${API_KEY}`, LATENESS_MS: '1000', DEFERRED_POLL_MS: '200', RULESET_POLL_MS: '300' },
      'console-supervisor-logs',
    ).start();
    const admin = await harness.console();
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam Supervisor', role: 'supervisor' });
    sam = await harness.console(SAM.username, SAM.password);
    // Each takeover from a laptop of its own: two victims, not a ring.
    for (const id of victims) await post([...onboarded(id, at), ...takeover(id, at, 0, `laptop-${id}`)]);
    for (const id of victims) {
      await pollUntil(async () => (await sam.get<{ total: number }>(`/api/cases?account=${id}`)).total === 1, { what: `a case for ${id}` });
      caseOf[id] = (await sam.get<{ items: { id: string }[] }>(`/api/cases?account=${id}`)).items[0].id;
    }
    await sam.post(`/api/cases/${caseOf[victims[0]]}/claim`);
    await sam.post(`/api/cases/${caseOf[victims[0]]}/notes`, { body: 'Called the borrower: the laptop is not theirs.' });
    await sam.post(`/api/cases/${caseOf[victims[1]]}/claim`);
    const live = await sam.get<{ version: number }>('/api/rules');
    await sam.patch('/api/rules', {
      reason: 'quieter velocity for the campaign',
      expectedVersion: live.version,
      rules: { 'loan.velocity': { score: 10, params: { maxLoans: 9 } } },
    });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('the audit API filters by account, action family and time range, and pages with a cursor', async () => {
    type Page = { items: { id: string; action: string; entityId: string }[]; nextBefore: number | null };
    const ofVictim = await sam.get<Page>(`/api/audit?account=${victims[0]}`);
    expect(ofVictim.items.map((e) => e.action).sort()).toEqual(['case.claimed', 'case.note_added']);
    expect(ofVictim.items.every((e) => e.entityId === caseOf[victims[0]])).toBe(true);
    const { case: found } = await sam.get<{ case: { referenceCode: string } }>(`/api/cases/${caseOf[victims[0]]}`);
    const byReference = await sam.get<Page>(`/api/audit?case=${found.referenceCode.toLowerCase()}`);
    expect(byReference.items.map((e) => e.id)).toEqual(ofVictim.items.map((e) => e.id));
    const claims = await sam.get<Page>(`/api/audit?action=case&actor=analyst:sam`);
    expect(claims.items.filter((e) => e.action === 'case.claimed')).toHaveLength(2);
    const first = await sam.get<Page>('/api/audit?limit=2');
    const second = await sam.get<Page>(`/api/audit?limit=2&before=${first.nextBefore}`);
    expect(second.items.every((e) => Number(e.id) < Math.min(...first.items.map((x) => Number(x.id))))).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await sam.get<Page>(`/api/audit?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const refused = await sam.request('GET', `/api/audit?from=${encodeURIComponent(future)}&to=2026-01-01T00:00:00Z`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'INVALID_QUERY', message: 'to: must be later than from' });
  });

  it('a supervisor filters the audit log by account, action and time, in English, in Chinese and on a phone, with times in their zone', async () => {
    const from = shanghai(Date.now() - 3_600_000);
    const expected = {
      en: { heading: 'Audit log', claimed: 'Case claimed', zone: 'Times in Asia/Shanghai', empty: 'No audit entries match these filters.' },
      'zh-CN': { heading: '审计日志', claimed: '认领案件', zone: '时间按 Asia/Shanghai 显示', empty: '没有符合条件的审计记录。' },
    };
    for (const locale of LOCALES) {
      for (const viewport of [DESKTOP, PHONE]) {
        if (locale === 'zh-CN' && viewport === PHONE) continue;
        const words = expected[locale];
        const { context, page } = await open(viewport, locale, '#/audit');
        await page.waitForSelector('[data-testid=audit-log]');
        expect(await page.textContent('h1')).toBe(words.heading);
        await page.fill('input[name=account]', victims[0]);
        await page.selectOption('select[name=action]', 'case.claimed');
        await page.fill('input[name=from]', from);
        await page.click('form.filters button[type=submit]');
        await page.waitForSelector('[data-testid=audit-log] tbody tr >> nth=0');
        await pollUntil(async () => (await page.locator('[data-testid=audit-log] tbody tr').count()) === 1, { what: 'only the one claim on the first case' });
        const row = page.locator('[data-testid=audit-log] tbody tr');
        expect(await row.getAttribute('data-action')).toBe('case.claimed');
        expect(await row.textContent()).toContain(words.claimed);
        expect(await row.textContent()).toContain('analyst:sam');
        expect(await row.textContent()).toMatch(/GMT\+8|UTC\+8|CST/);
        expect(await page.textContent('[data-testid=time-zone]')).toBe(words.zone);
        expect(page.url()).toContain(`account=${victims[0]}`);
        if (viewport === PHONE) expect(await noSidewaysScroll(page)).toBe(true);
        const suffix = viewport === PHONE ? 'phone' : locale;
        await page.screenshot({ path: screenshotPath(`console-audit-filtered-${suffix}`), fullPage: true });
        // The same filters from an hour ahead: nothing yet.
        await page.fill('input[name=from]', shanghai(Date.now() + 3_600_000));
        await page.click('form.filters button[type=submit]');
        await page.waitForSelector(`p.empty:text-is("${words.empty}")`);
        await context.close();
      }
    }
  });

  it('a supervisor compares two rule-set versions per rule and rolls back to the earlier one as a new version, audited', async () => {
    const live = await sam.get<{ version: number }>('/api/rules');
    const older = live.version - 1;
    const changedRows = {
      en: { score: 'Score', maxLoans: 'Parameters maxLoans', rolledBack: `Version ${live.version + 1} is live, with the settings of v${older}.` },
      'zh-CN': { score: '分数', maxLoans: '参数 maxLoans', rolledBack: `第 ${live.version + 1} 版已生效，采用第 ${older} 版的设置。` },
    };
    for (const locale of LOCALES) {
      for (const viewport of [DESKTOP, PHONE]) {
        if (locale === 'zh-CN' && viewport === PHONE) continue;
        const { context, page } = await open(viewport, locale, '#/rules');
        await page.waitForSelector('[data-testid=rule-diff]');
        expect(await page.inputValue('select[name=diff-from]')).toBe(String(older));
        expect(await page.inputValue('select[name=diff-to]')).toBe(String(live.version));
        const rows = page.locator('[data-testid=rule-diff] tbody tr');
        // Exactly the two settings that changed; nothing unchanged shows, as erased or otherwise.
        expect(await rows.count()).toBe(2);
        expect(await page.textContent('tr[data-change="loan.velocity.score"]')).toMatch(new RegExp(`${changedRows[locale].score}\\s*\\d+ → 10`));
        expect(await page.textContent('tr[data-change="loan.velocity.params.maxLoans"]')).toMatch(new RegExp(`${changedRows[locale].maxLoans}\\s*\\d+ → 9`));
        expect(await page.textContent('[data-testid=rule-diff]')).not.toContain('∅');
        // #14 defect 6, Chinese labels: the severities on the Rules page too, not only on a case.
        expect(await page.textContent('tr[data-rule="unbind.unknown-device"] select option:checked')).toBe(locale === 'en' ? 'High' : '高');
        if (viewport === PHONE) expect(await noSidewaysScroll(page)).toBe(true);
        await page.locator('[data-testid=rule-compare]').screenshot({ path: screenshotPath(`console-rule-diff-${viewport === PHONE ? 'phone' : locale}`) });
        await context.close();
      }
    }

    const { context, page } = await open(DESKTOP, 'en', '#/rules');
    await page.waitForSelector('[data-testid=rule-diff]');
    await page.fill('.rollback input[name=reason]', 'the quieter velocity let a loan burst through');
    await page.click(`button:has-text("Publish v${older} again as a new version")`);
    await page.waitForSelector(`[data-testid=rolled-back]:text-is("${changedRows.en.rolledBack}")`);
    await page.waitForSelector(`[data-testid=live-version]:text-is("Live rule set: version ${live.version + 1}")`);
    await page.waitForSelector('[data-testid=rule-history] td:text-is("the quieter velocity let a loan burst through")');
    // v(older) → new live: the same settings again.
    await page.selectOption('select[name=diff-to]', String(live.version + 1));
    await page.waitForSelector('[data-testid=diff-same]');
    await context.close();

    const history = await sam.get<{ items: { version: number; reason: string }[] }>('/api/rules/history');
    expect(history.items.map((h) => h.version).slice(0, 3)).toEqual([live.version + 1, live.version, older]);
    const [entry] = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE action = 'rule_set.rollback'`);
    expect(entry).toMatchObject({ actor: 'analyst:sam', after: { version: live.version + 1, restoredFrom: older, reason: 'the quieter velocity let a loan burst through' } });
  });

  it('a supervisor backtests an unsaved edit over the last N days and sees the per-rule table, and nothing is written', async () => {
    const before = await counts();
    const words = {
      en: { run: 'Run backtest', summary: /\d+ events on 2 accounts in the last 7 days/ },
      'zh-CN': { run: '运行回测', summary: /最近 7 天内 2 个账户的 \d+ 个事件/ },
    };
    for (const locale of LOCALES) {
      for (const viewport of [DESKTOP, PHONE]) {
        if (locale === 'zh-CN' && viewport === PHONE) continue;
        const { context, page } = await open(viewport, locale, '#/rules');
        await page.waitForSelector('[data-testid=live-version]');
        await page.uncheck('tr[data-rule="unbind.unknown-device"] input[type=checkbox]');
        await page.fill('input[name=days]', '0');
        expect(await page.isDisabled(`button:has-text("${words[locale].run}")`)).toBe(true);
        await page.fill('input[name=days]', '7');
        await page.click(`button:has-text("${words[locale].run}")`);
        await page.waitForSelector('[data-testid=backtest-table]');
        expect(await page.textContent('[data-testid=backtest-summary]')).toMatch(words[locale].summary);
        const cells = await page.locator('[data-testid=backtest-table] tr[data-rule="unbind.unknown-device"] td').allTextContents();
        // Hits (live, draft, added, removed), then the accounts with a case holding the rule (live, draft, change).
        expect(cells).toEqual(['unbind.unknown-device', '2', '0', '+0', '-2', '2', '0', '-2']);
        if (viewport === PHONE) expect(await noSidewaysScroll(page)).toBe(true);
        await page.locator('[data-testid=rule-backtest]').screenshot({ path: screenshotPath(`console-backtest-${viewport === PHONE ? 'phone' : locale}`) });
        await context.close();
      }
    }
    expect(await counts()).toEqual(before);
    const audited = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE action = 'rule_set.backtested'`);
    expect(audited).toHaveLength(3);
    expect(audited[0]).toMatchObject({ actor: 'analyst:sam', after: { days: 7, draft: { rules: { 'unbind.unknown-device': { enabled: false } } } } });

    const tooLong = await sam.request('POST', '/api/rules/backtest', { days: 31 });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: 'BACKTEST_TOO_LONG' });
    const garbled = await sam.request('POST', '/api/rules/backtest', { days: 'a week' });
    expect(garbled.status).toBe(400);
  });
});
