import type { AccountEvent } from '@sentinel/contracts';
import { type ConsoleClient, isolatedPrefix, launchChromium, onboarded, PipelineHarness, pollUntil, relativeTo, screenshotPath, takeover } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const API_KEY = 'console-act-ingest-key-0123456789';
const ANA = { username: 'ana', password: 'ana-password-0123' };
const BO = { username: 'bo', password: 'bo-password-01234' };
const SAM = { username: 'sam', password: 'sam-password-0123' };

/**
 * Acting on many cases in Debian's Chromium: ticking cases and acting on them with one reason,
 * each case answering for itself; resolution reasons; time waiting against the target; the CSV
 * export; saved filters; the keyboard. In English on a desktop, in Chinese at phone width, and in
 * English at phone width.
 */
describe('acting on many cases in the browser', () => {
  const prefix = isolatedPrefix();
  const at = relativeTo(Date.now());
  const accounts = Array.from({ length: 6 }, (_, i) => `act-${'abcdef'[i]}-${randomUUID().slice(0, 8)}`);
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let bo: ConsoleClient;
  let browser: Browser;
  /** A and B have waited hours (over the 60-minute target), Bo holds C, D is resolved, E and F are new. */
  let ids: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', string>;

  const post = async (events: AccountEvent[]) => expect((await harness.gateway('/v1/events', API_KEY, { events })).status).toBe(202);
  const auditOf = (id: string) =>
    harness.db.query<{ action: string; actor: string; after: unknown }[]>(`SELECT action, actor, after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);

  async function logIn(context: BrowserContext, who: { username: string; password: string }): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(harness.url('console'));
    await page.fill('input[name=username]', who.username);
    await page.fill('input[name=password]', who.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    return page;
  }

  /** Script errors in any page, checked after each test: a page that threw may still look fine. */
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  /** Nothing on the page reaches past a phone's right edge. */
  async function fitsPhone(page: Page) {
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  }

  beforeAll(async () => {
    harness = await new PipelineHarness(
      ['gateway', 'detector', 'console'],
      { KAFKA_TOPIC_PREFIX: prefix, INGEST_API_KEYS: `act:${API_KEY}`, DEFAULT_LOCALE: 'en', LATENESS_MS: '1000', CASE_SLA_MINUTES: '60' },
      'console-act-logs',
    ).start();
    admin = await harness.console();
    await admin.post('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' });
    await admin.post('/api/analysts', { ...BO, displayName: 'Bo', role: 'analyst' });
    await admin.post('/api/analysts', { ...SAM, displayName: 'Sam', role: 'supervisor' });
    // Each story on a laptop of its own: a shared one is a ring to the cross-account rules, whose
    // late hit would open a second case for an account once its first is resolved.
    await post(accounts.flatMap((accountId) => [...onboarded(accountId, at), ...takeover(accountId, at, 0, `laptop-${accountId}`)]));
    const found: string[] = [];
    for (const accountId of accounts) {
      found.push(await pollUntil(async () => (await admin.get<{ items: { id: string }[] }>(`/api/cases?account=${accountId}`)).items[0]?.id, { what: `a case for ${accountId}` }));
    }
    // Every judgement the detector deferred has been made, so no hit lands after the setup below.
    await pollUntil(async () => (await harness.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM deferred_evaluation`))[0].n === 0, { what: 'no deferred judgement left' });
    const [a, b, c, d, e, f] = found;
    ids = { a, b, c, d, e, f };
    await harness.db.query(`UPDATE fraud_case SET opened_at = now() - interval '4 hours' WHERE id = $1`, [a]);
    await harness.db.query(`UPDATE fraud_case SET opened_at = now() - interval '3 hours' WHERE id = $1`, [b]);
    bo = await harness.console(BO.username, BO.password);
    await bo.post(`/api/cases/${c}/claim`);
    await admin.post(`/api/cases/${d}/claim`);
    await admin.post(`/api/cases/${d}/status`, { status: 'resolved', resolution: 'legitimate', reasonCode: 'false_positive' });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('in English: waiting time against the target, the keyboard, a bulk resolve with a reason and a result per row, export, saved filters, metrics', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await logIn(context, ANA);

    // Time waiting: the two old cases are over the 60-minute target, first when sorted by waiting.
    await page.goto(`${harness.url('console')}/#/queue?sort=waiting`);
    await page.waitForSelector('table.queue');
    expect(await page.textContent('[data-testid=sla-target]')).toBe('Target: 1 h 0 min waiting');
    const order = await page.locator('table.queue tbody tr').evaluateAll((rows: { getAttribute(name: string): string | null }[]) => rows.map((r) => r.getAttribute('data-case')));
    expect(order.slice(0, 2)).toEqual([ids.a, ids.b]);
    // The queue opens on open work: D, resolved, is not in it.
    expect(order).not.toContain(ids.d);
    expect(await page.textContent(`tr[data-case="${ids.a}"] [data-testid=waiting]`)).toMatch(/^4 h \d+ min\s*Over target$/);
    expect(await page.locator('tr.over-sla').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('console-act-sla-en'), fullPage: true });
    await page.selectOption('select[name=sla]', 'over');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('[data-testid=case-count]:text-is("2 cases")');
    expect(page.url()).toContain('sla=over');

    // Saved filters: this one is Ana's; Bo neither sees nor deletes it.
    await page.fill('input[name=name]', 'Late ones');
    await page.click('button:has-text("Save these filters")');
    await page.waitForSelector('.chip a:text-is("Late ones")');
    const [saved] = ((await (await page.context().request.get(`${harness.url('console')}/api/saved-filters`)).json()) as { items: { id: string; query: string }[] }).items;
    expect(saved.query).toBe('sla=over&sort=waiting');
    expect((await bo.get<{ items: unknown[] }>('/api/saved-filters')).items).toEqual([]);
    expect((await bo.request('DELETE', `/api/saved-filters/${saved.id}`)).status).toBe(404);
    await page.click('a:has-text("Clear")');
    await page.waitForSelector('[data-testid=case-count]:text-is("5 cases")');
    await page.click('.chip a:text-is("Late ones")');
    await page.waitForSelector('[data-testid=case-count]:text-is("2 cases")');

    // The export holds the filtered queue, contacts masked, and is audited.
    const href = (await page.getAttribute('[data-testid=export]', 'href'))!;
    expect(href).toContain('sla=over');
    const exported = await page.context().request.get(`${harness.url('console')}${href}`);
    expect(exported.headers()['content-type']).toContain('text/csv');
    const csv = await exported.text();
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(accounts[0]);
    expect(csv).not.toContain(`${accounts[0]}@example.com`);
    expect(csv).toMatch(/[a-z]\*\*\*@example\.com/);
    const [exportAudit] = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE action = 'cases.exported'`);
    expect(exportAudit).toEqual({ actor: 'analyst:ana', after: { filters: { status: 'unresolved', sla: 'over', sort: 'waiting' }, rows: 2 } });

    // Select all on the page, and none again; resolved cases too, asked for.
    await page.goto(`${harness.url('console')}/#/queue?sort=waiting&status=all`);
    await page.waitForSelector('[data-testid=case-count]:text-is("6 cases")');
    await page.check('[data-testid=select-all]');
    expect(await page.textContent('[data-testid=selected-count]')).toBe('6 selected');
    await page.uncheck('[data-testid=select-all]');
    expect(await page.locator('[data-testid=bulk-bar]').count()).toBe(0);

    // The keyboard: j moves, x ticks, ? shows the keys; keys typed into a field stay text.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(await page.getAttribute(`tr[data-case="${ids.a}"]`, 'class')).toMatch(/ ticked cursor$/);
    expect(await page.isChecked(`tr[data-case="${ids.a}"] input[type=checkbox]`)).toBe(true);
    await page.focus('input[name=account]');
    await page.keyboard.type('jx');
    expect(await page.locator('tr.cursor').getAttribute('data-case')).toBe(ids.a);
    await page.fill('input[name=account]', '');
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=key-help]');
    expect(await page.textContent('[data-testid=key-help]')).toContain('Tick or untick the selected case');
    await page.screenshot({ path: screenshotPath('console-act-keys-en') });
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=key-help]').count()).toBe(0);

    // Bulk resolve: A is done; C (held by Bo) and D (already resolved) are refused, each saying why.
    await page.check(`tr[data-case="${ids.c}"] input[type=checkbox]`);
    await page.check(`tr[data-case="${ids.d}"] input[type=checkbox]`);
    expect(await page.textContent('[data-testid=selected-count]')).toBe('3 selected');
    await page.selectOption('[data-testid=bulk-bar] select[name=action]', 'resolve');
    await page.click('[data-testid=bulk-bar] button[type=submit]');
    await page.waitForSelector('[data-testid=resolve-dialog]');
    await page.selectOption('[role=dialog] select[name=reasonCode]', 'duplicate');
    expect(await page.textContent('[data-testid=resolve-outcome]')).toBe('Inconclusive');
    await page.screenshot({ path: screenshotPath('console-act-resolve-dialog-en') });
    await page.click('[role=dialog] button[type=submit]');
    await page.waitForSelector('[data-testid=bulk-summary]');
    expect(await page.textContent('[data-testid=bulk-summary]')).toBe('1 done, 2 refused');
    expect(await page.textContent(`tr[data-case="${ids.a}"] [data-testid=result]`)).toBe('Done');
    expect(await page.textContent(`tr[data-case="${ids.c}"] [data-testid=result]`)).toMatch(/^Refused: Bo is working this case since .+\.$/);
    expect(await page.textContent(`tr[data-case="${ids.d}"] [data-testid=result]`)).toBe('Refused: the case was already resolved as legitimate');
    await page.screenshot({ path: screenshotPath('console-act-bulk-en'), fullPage: true });

    const [row] = await harness.db.query<{ status: string; resolution: string | null; resolution_reason: string | null }[]>(
      `SELECT status, resolution, resolution_reason FROM fraud_case WHERE id = $1`,
      [ids.a],
    );
    expect(row).toEqual({ status: 'resolved', resolution: 'inconclusive', resolution_reason: 'duplicate' });
    const trail = await auditOf(ids.a);
    expect(trail.map((e) => e.action)).toEqual(['case.claimed', 'case.status_changed']);
    expect(trail[1].after).toMatchObject({ status: 'resolved', resolutionReason: 'duplicate', bulk: expect.any(String) as unknown });
    expect(await auditOf(ids.c)).toEqual([expect.objectContaining({ action: 'case.claimed', actor: 'analyst:bo' })]);
    const [batch] = await harness.db.query<{ actor: string; after: unknown }[]>(`SELECT actor, after FROM audit_log WHERE action = 'cases.bulk_acted'`);
    expect(batch).toEqual({
      actor: 'analyst:ana',
      after: {
        action: 'resolve',
        resolution: 'inconclusive',
        reasonCode: 'duplicate',
        requested: 3,
        done: 1,
        refused: 2,
        refusals: [
          { id: ids.c, error: 'CASE_HELD' },
          { id: ids.d, error: 'CASE_RESOLVED' },
        ],
      },
    });

    // A whole row opens its case; on the case page c claims and n goes to the note box.
    await page.click(`tr[data-case="${ids.e}"] td.waiting`);
    await page.waitForSelector('[data-testid=case-status]:text-is("Open")');
    await page.keyboard.press('c');
    await page.waitForSelector('[data-testid=assignee]:text-is("Held by Ana")');
    await page.keyboard.press('n');
    expect(await page.evaluate('document.activeElement.getAttribute("name")')).toBe('body');
    await page.keyboard.type('c');
    expect(await page.inputValue('textarea[name=body]')).toBe('c');

    // The metrics count closures by reason.
    await page.click('a[href="#/metrics"]');
    await page.waitForSelector('[data-testid=resolution-reasons]');
    const reasons = (await page.textContent('[data-testid=resolution-reasons]'))!;
    expect(reasons).toContain('Duplicate case');
    expect(reasons).toContain('False positive');
    await context.close();
  });

  it('in Chinese at phone width: a supervisor assigns in bulk, resolves with a reason and a note, reopens, and reads the keys', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', 'zh-CN')` });
    const page = await logIn(context, SAM);
    await page.goto(`${harness.url('console')}/#/queue?sort=waiting&status=all`);
    await page.waitForSelector('table.queue');
    expect(await page.textContent(`tr[data-case="${ids.b}"] [data-testid=waiting]`)).toMatch(/^3 小时 \d+ 分钟\s*已超时$/);
    expect(await page.textContent('[data-testid=sla-target]')).toBe('目标：等待不超过 1 小时 0 分钟');
    await fitsPhone(page);
    await page.screenshot({ path: screenshotPath('console-act-sla-zh-phone') });

    // Assign B and F to Bo; A, resolved in the English test, is refused.
    for (const id of [ids.a, ids.b, ids.f]) await page.check(`tr[data-case="${id}"] input[type=checkbox]`);
    expect(await page.textContent('[data-testid=selected-count]')).toBe('已选 3 个');
    const bo = await pollUntil(async () => (await page.locator('[data-testid=bulk-bar] select[name=action] option', { hasText: '分配给 Bo' }).getAttribute('value')) ?? undefined, {
      what: 'Bo in the assign list',
    });
    await page.selectOption('[data-testid=bulk-bar] select[name=action]', bo);
    await page.fill('[data-testid=bulk-bar] input[name=reason]', 'Bo 熟悉这个渠道');
    await page.click('[data-testid=bulk-bar] button[type=submit]');
    await page.waitForSelector('[data-testid=bulk-summary]');
    expect(await page.textContent('[data-testid=bulk-summary]')).toBe('完成 2 个，拒绝 1 个');
    expect(await page.textContent(`tr[data-case="${ids.b}"] [data-testid=result]`)).toBe('已完成');
    const refusal = (await page.textContent(`tr[data-case="${ids.a}"] [data-testid=result]`))!;
    expect(refusal).toBe('被拒绝：案件已结案，无法再更改。');
    await fitsPhone(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('console-act-bulk-zh-phone'), fullPage: true });
    expect((await harness.db.query<{ assignee_id: string | null }[]>(`SELECT assignee_id FROM fraud_case WHERE id = ANY($1::uuid[])`, [[ids.b, ids.f]])).length).toBe(2);
    expect((await auditOf(ids.f)).at(-1)).toMatchObject({ action: 'case.assigned', actor: 'analyst:sam', after: { reason: 'Bo 熟悉这个渠道', status: 'in_review' } });

    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=key-help]');
    const keys = (await page.textContent('[data-testid=key-help]'))!;
    expect(keys).toContain('键盘快捷键');
    expect(keys.replace(/Enter/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    await fitsPhone(page);
    await page.screenshot({ path: screenshotPath('console-act-keys-zh-phone') });
    await page.keyboard.press('Escape');

    // Resolve F with "other": the note is required, and the case shows the reason; then reopen it.
    await page.goto(`${harness.url('console')}/#/cases/${ids.f}`);
    await page.waitForSelector('[data-testid=case-status]:text-is("审核中")');
    await page.click('[data-testid=resolve]');
    await page.selectOption('[role=dialog] select[name=reasonCode]', 'other');
    await page.selectOption('[role=dialog] select[name=resolution]', 'legitimate');
    await page.click('[role=dialog] button[type=submit]');
    expect(await page.evaluate(`document.querySelector('[role=dialog] textarea[name=note]').validity.valueMissing`)).toBe(true);
    await page.fill('[role=dialog] textarea[name=note]', '商户测试账户');
    await fitsPhone(page);
    await page.screenshot({ path: screenshotPath('console-act-resolve-dialog-zh-phone') });
    await page.click('[role=dialog] button[type=submit]');
    await page.waitForSelector('[data-testid=case-status]:text-is("已结案 · 正常操作")');
    expect(await page.textContent('[data-testid=resolution-reason]')).toBe('原因：其他（需备注） · 商户测试账户');

    await page.fill('input[name=reason]', '借款人来电说明情况有变');
    await page.click('button:text-is("重新打开")');
    await page.waitForSelector('[data-testid=case-status]:text-is("待处理")');
    // The resolve step finished with the resolution; reopening does not bring it back.
    expect(await page.locator('[role=dialog]').count()).toBe(0);
    expect(await page.textContent('.notes')).toContain('[reopened] 借款人来电说明情况有变');
    expect((await auditOf(ids.f)).at(-1)).toMatchObject({ action: 'case.reopened', actor: 'analyst:sam', after: { status: 'open', resolutionReason: null } });
    await fitsPhone(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('console-act-reopened-zh-phone'), fullPage: true });

    // Enter opens the case the cursor is on.
    await page.click('[data-testid=back]');
    await page.waitForSelector('table.queue');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const second = await page.locator('tr.cursor').getAttribute('data-case');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=case-status]');
    expect(page.url()).toContain(`#/cases/${second}`);
    await context.close();
  });

  it('in English at phone width: waiting time, a selection with its bulk bar, the resolve step and the keys fit the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await logIn(context, ANA);
    await page.goto(`${harness.url('console')}/#/queue?sort=waiting`);
    await page.waitForSelector('table.queue');
    expect(await page.textContent('[data-testid=sla-target]')).toBe('Target: 1 h 0 min waiting');
    await fitsPhone(page);
    await page.screenshot({ path: screenshotPath('console-act-sla-en-phone') });

    // A selection and the resolve step, cancelled: this test only looks, the others act.
    for (const id of [ids.b, ids.e]) await page.check(`tr[data-case="${id}"] input[type=checkbox]`);
    expect(await page.textContent('[data-testid=selected-count]')).toBe('2 selected');
    await fitsPhone(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath('console-act-bulk-en-phone'), fullPage: true });
    await page.selectOption('[data-testid=bulk-bar] select[name=action]', 'resolve');
    await page.click('[data-testid=bulk-bar] button[type=submit]');
    await page.waitForSelector('[data-testid=resolve-dialog]');
    await fitsPhone(page);
    await page.screenshot({ path: screenshotPath('console-act-resolve-dialog-en-phone') });
    await page.click('[role=dialog] button:text-is("Cancel")');
    expect(await page.locator('[data-testid=resolve-dialog]').count()).toBe(0);
    expect(await page.locator('[data-testid=bulk-summary]').count()).toBe(0);

    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=key-help]');
    await fitsPhone(page);
    await page.screenshot({ path: screenshotPath('console-act-keys-en-phone') });
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=key-help]').count()).toBe(0);
    const [row] = await harness.db.query<{ status: string }[]>(`SELECT status FROM fraud_case WHERE id = $1`, [ids.e]);
    expect(row.status).not.toBe('resolved');
    await context.close();
  });

  it('refuses a batch over the cap, and hands cases to others only for a supervisor', async () => {
    const tooMany = Array.from({ length: 201 }, () => randomUUID());
    const capped = await admin.request('POST', '/api/cases/bulk', { action: 'escalate', caseIds: tooMany, reason: 'sweep' });
    expect(capped.status).toBe(400);
    expect(await capped.json()).toMatchObject({ error: 'INVALID_BODY', message: 'caseIds: at most 200 cases at once; split the selection' });
    const ana = await harness.console(ANA.username, ANA.password);
    const handing = await ana.request('POST', '/api/cases/bulk', { action: 'assign', caseIds: [ids.e], analystId: randomUUID(), reason: 'not mine to give' });
    expect(handing.status).toBe(403);
    expect(await handing.json()).toMatchObject({ error: 'ROLE_REQUIRED', message: 'assigning cases to someone else needs the supervisor role; you are analyst' });
  });
});
