import { anEvent, type ConsoleClient, isolatedPrefix, launchChromium, PipelineHarness, screenshotPath, seedCase, TEST_ADMIN, openConsolePage } from '@sentinel/testing';
import type { AccountEvent } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';

const LOCALES = ['en', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
type Who = { username: string; password: string };
const ANA: Who = { username: 'ana', password: 'ana-password-0123' };
const BO: Who = { username: 'bo', password: 'bo-password-01234' };
/** Where analysts reach the console: links leave built from it, never from a request. */
const PUBLIC_BASE = 'https://sentinel.example.cn';

/**
 * More defects of the analyst console found in #24, each seen in Debian's Chromium, in English and
 * in Chinese: what a bulk action did shows in its rows at once.
 */
describe('console defects of #24, second round', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let browser: Browser;
  let anaId: string;
  const tag = randomUUID().slice(0, 6);

  const seed = (key: string, minutesAgo = 30) =>
    seedCase(harness.db, { accountId: `dg-${tag}-${key}`, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: minutesAgo });

  /** Script errors in any page, checked after each test: a page that threw may still look fine. */
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  const open = (locale: Locale, hash: string, who: Who = TEST_ADMIN, options: { live?: boolean; viewport?: { width: number; height: number } } = {}) =>
    openConsolePage(browser, harness.url('console'), { locale, hash, who, ...options, pageErrors });

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], { KAFKA_TOPIC_PREFIX: isolatedPrefix(), PUBLIC_BASE_URL: PUBLIC_BASE }, 'console-defects-2-logs').start();
    admin = await harness.console();
    anaId = (await admin.post<{ id: string }>('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' })).id;
    await admin.post('/api/analysts', { ...BO, displayName: 'Bo', role: 'analyst' });
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  /** Ticks the listed cases and assigns them to Ana in one bulk action. */
  async function bulkAssignToAna(page: Page, caseIds: string[]) {
    for (const id of caseIds) await page.check(`tr[data-case="${id}"] input[type=checkbox]`);
    await page.selectOption('[data-testid=bulk-bar] select[name=action]', `assign:${anaId}`);
    await page.fill('[data-testid=bulk-bar] input[name=reason]', 'Ana knows this merchant');
    await page.click('[data-testid=bulk-bar] button[type=submit]');
    await page.waitForSelector('[data-testid=bulk-summary]');
  }

  it('6: after a bulk assign the rows show the assignee at once, and leave the "Unassigned" view', async () => {
    const inReview = { en: 'In review', 'zh-CN': '审核中' };
    for (const locale of LOCALES) {
      const listed = [await seed(`assign-a-${locale}`), await seed(`assign-b-${locale}`)];
      const { context, page } = await open(locale, '#/queue', TEST_ADMIN, { live: false });
      await page.waitForSelector(`tr[data-case="${listed[1].caseId}"]`);
      await bulkAssignToAna(
        page,
        listed.map((c) => c.caseId),
      );
      for (const { caseId } of listed) {
        const row = page.locator(`tr[data-case="${caseId}"]`);
        expect(await row.locator('[data-testid=row-status]').textContent()).toBe(inReview[locale]);
        expect(await row.locator('[data-testid=row-assignee]').textContent()).toBe('Ana');
      }
      await page.screenshot({ path: screenshotPath(`console-defects-bulk-assigned-${locale}`) });

      // Under "Unassigned", the cases just assigned leave the list and its count.
      const more = [await seed(`unassigned-a-${locale}`), await seed(`unassigned-b-${locale}`), await seed(`unassigned-c-${locale}`)];
      await page.goto(`${harness.url('console')}/#/queue?assigned=unassigned`);
      await page.waitForSelector(`tr[data-case="${more[2].caseId}"]`);
      const before = await page.locator('table.queue tbody tr').count();
      await bulkAssignToAna(
        page,
        more.slice(0, 2).map((c) => c.caseId),
      );
      for (const { caseId } of more.slice(0, 2)) expect(await page.locator(`tr[data-case="${caseId}"]`).count()).toBe(0);
      expect(await page.locator(`tr[data-case="${more[2].caseId}"]`).count()).toBe(1);
      expect(await page.locator('table.queue tbody tr').count()).toBe(before - 2);
      await context.close();
    }
  });

  /** An event on the account's timeline, recorded as the detector records it. */
  async function record<E extends AccountEvent>(event: E): Promise<E> {
    await harness.db.query(`INSERT INTO account_event (id, account_id, type, occurred_at, channel, body) VALUES ($1, $2, $3, $4, 'app', $5)`, [
      event.id,
      event.accountId,
      event.type,
      event.occurredAt,
      JSON.stringify(event),
    ]);
    return event;
  }

  /** A login from `ip` on `accountId`, recorded with its entity link as the detector records them. */
  async function loginFrom(accountId: string, ip: string, device: string) {
    const event = await record(anEvent('device.login', { accountId, device: { id: device, ip } }));
    await harness.db.query(`INSERT INTO entity_link (kind, value, account_id, event_id, event_type, at, sensitive, judged) VALUES ('ip', $1, $2, $3, $4, $5, false, true)`, [
      ip,
      accountId,
      event.id,
      event.type,
      event.occurredAt,
    ]);
  }

  it('9: two IPs of one /24 read apart in the pivot list, neither whole, and each pivots to its own accounts', async () => {
    // Addresses of their own in each language, so the first language's accounts share none of them.
    const hosts = { en: ['9', '10'], 'zh-CN': ['19', '20'] };
    for (const locale of LOCALES) {
      const [home, other] = hosts[locale].map((host) => `203.0.113.${host}`);
      const whole = new RegExp(`203\\.0\\.113\\.(${hosts[locale].join('|')})\\b`);
      const { caseId } = await seed(`ips-${locale}`);
      const account = `dg-${tag}-ips-${locale}`;
      const neighbour = `dg-${tag}-ips-n-${locale}`;
      await loginFrom(account, home, 'phone-ips');
      await loginFrom(account, other, 'laptop-ips');
      await loginFrom(neighbour, other, 'phone-n');
      const { context, page } = await open(locale, `#/cases/${caseId}`, ANA);
      await page.waitForSelector('[data-testid=pivots] a[data-kind=ip]');
      const shown = await page.locator('[data-testid=pivots] a[data-kind=ip] code').allTextContents();
      expect(shown).toHaveLength(2);
      expect(new Set(shown).size).toBe(2);
      // The /24 an analyst reads a network by, and a short keyed hash that tells its hosts apart.
      for (const ip of shown) expect(ip).toMatch(/^203\.0\.113\.\*~[0-9a-f]{4}$/);
      expect(await page.content()).not.toMatch(whole);
      await page.screenshot({ path: screenshotPath(`console-defects-ip-pivots-${locale}`), fullPage: true });

      // The one shared with the neighbour pivots to both accounts, and reads the same there.
      const sharedIp = page.locator('[data-testid=pivots] li:has(.badge) a[data-kind=ip]');
      const sharedText = await sharedIp.locator('code').textContent();
      await sharedIp.click();
      await page.waitForSelector(`[data-testid=entity-accounts] tr[data-account="${neighbour}"]`);
      expect(await page.textContent('[data-testid=entity-title] code')).toBe(sharedText);
      expect(await page.content()).not.toMatch(whole);
      await context.close();
    }
  });

  it('10: the audit names analysts, shows cases by reference, notes as masked text and actions in words', async () => {
    const ana = await harness.console(ANA.username, ANA.password);
    const bo = await harness.console(BO.username, BO.password);
    const boId = (await admin.get<{ items: { id: string; username: string }[] }>('/api/analysts')).items.find((a) => a.username === 'bo')!.id;
    const words = {
      en: { claimed: 'Case claimed', assigned: 'Case assigned', noted: 'Note added', assignee: 'Assignee: Ana → Bo', status: 'Status: Open → In review' },
      'zh-CN': { claimed: '认领案件', assigned: '分配案件', noted: '添加备注', assignee: '负责人：Ana → Bo', status: '状态：待处理 → 审核中' },
    };
    for (const locale of LOCALES) {
      const { caseId, referenceCode } = await seed(`audit-${locale}`);
      await ana.post(`/api/cases/${caseId}/claim`);
      await admin.post(`/api/cases/${caseId}/assign`, { analystId: boId });
      await bo.post(`/api/cases/${caseId}/notes`, { body: `${locale} note: card 6222 0212 3456 7894 seen twice` });
      const expectReadable = (text: string) => {
        for (const word of Object.values(words[locale])) expect(text).toContain(word);
        expect(text).toContain(`${locale} note: card ****7894 seen twice`);
        for (const raw of [anaId, boId, 'case.claimed', 'case.assigned', 'case.note_added', '{"', 'assigneeId', '6222 0212']) expect(text).not.toContain(raw);
      };
      const { context, page } = await open(locale, `#/cases/${caseId}`);
      await page.waitForSelector('[data-testid=audit] tr[data-action="case.note_added"]');
      expectReadable((await page.textContent('[data-testid=audit]'))!);
      await page.screenshot({ path: screenshotPath(`console-defects-case-audit-${locale}`), fullPage: true });

      await page.goto(`${harness.url('console')}/#/audit?case=${caseId}`);
      await page.waitForSelector('[data-testid=audit-log] tr[data-action="case.note_added"]');
      const log = (await page.textContent('[data-testid=audit-log]'))!;
      expectReadable(log);
      expect(await page.locator(`[data-testid=audit-log] tr[data-action="case.claimed"] a:text-is("${referenceCode}")`).count()).toBe(1);
      expect(log).not.toContain(caseId.slice(0, 8));
      await page.screenshot({ path: screenshotPath(`console-defects-audit-log-${locale}`), fullPage: true });
      await context.close();
    }
  });

  it('14: in Chinese the timeline reads in Chinese, and a bulk refusal names who holds the case', async () => {
    const words = {
      en: {
        details: ['Method: one-time code', 'Purpose: loan', 'Document: resident ID', 'Amount: '],
        raw: [],
        held: /^Refused: Bo is working this case since \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2} [AP]M GMT\+8\.$/,
      },
      'zh-CN': {
        details: ['方式：验证码', '用途：借款', '证件：居民身份证', '金额：'],
        raw: ['method', 'otp', 'purpose', 'resident_id', 'amount', 'documentType', 'loanId'],
        held: /^被拒绝：Bo 自 \d{4}\/\d{2}\/\d{2} .*\d{2}:\d{2}:\d{2} 起正在处理此案件。$/,
      },
    };
    const bo = await harness.console(BO.username, BO.password);
    for (const locale of LOCALES) {
      const account = `dg-${tag}-timeline-${locale}`;
      const { caseId } = await seed(`timeline-${locale}`);
      await record(anEvent('device.login', { accountId: account, occurredAt: '2026-11-20T09:00:00.000Z' }));
      await record(anEvent('consent.verified', { accountId: account, occurredAt: '2026-11-20T09:01:00.000Z' }));
      await record(anEvent('identity.document.updated', { accountId: account, occurredAt: '2026-11-20T09:02:00.000Z' }));
      const { context, page } = await open(locale, `#/cases/${caseId}`, ANA);
      await page.waitForSelector('table.timeline td.payload');
      const details = (await page.locator('table.timeline td.payload').allTextContents()).join(' | ');
      for (const word of words[locale].details) expect(details).toContain(word);
      for (const raw of words[locale].raw) expect(details).not.toContain(raw);
      await page.screenshot({ path: screenshotPath(`console-defects-timeline-${locale}`), fullPage: true });

      // Bo holds the case; Ana's bulk "assign to me" is refused, and says by whom and since when.
      await bo.post(`/api/cases/${caseId}/claim`);
      await page.goto(`${harness.url('console')}/#/queue?account=${account}`);
      await page.waitForSelector(`tr[data-case="${caseId}"]`);
      await page.check(`tr[data-case="${caseId}"] input[type=checkbox]`);
      await page.selectOption('[data-testid=bulk-bar] select[name=action]', { index: 1 });
      await page.fill('[data-testid=bulk-bar] input[name=reason]', 'taking my share');
      await page.click('[data-testid=bulk-bar] button[type=submit]');
      await page.waitForSelector(`tr[data-case="${caseId}"] [data-testid=result]`);
      expect(await page.textContent(`tr[data-case="${caseId}"] [data-testid=result]`)).toMatch(words[locale].held);
      await page.screenshot({ path: screenshotPath(`console-defects-bulk-held-${locale}`) });
      await context.close();
    }
  });

  it("12: the export speaks the analyst's language, starts with a BOM, links each case and says why it opened; phones carry no apostrophe, formulas stay defused", async () => {
    const words = {
      en: {
        header: 'Reference,Account,Status,Outcome,Reason,Decision,Priority,Score',
        status: 'Open',
        decision: 'Alert',
        why: 'seeded',
        link: 'Case link',
        explanation: 'Explanation',
      },
      'zh-CN': { header: '参考编号,账户,状态,结论,结案原因,决策,优先级,评分', status: '待处理', decision: '警报', why: '测试', link: '案件链接', explanation: '说明' },
    };
    for (const locale of LOCALES) {
      // An account id a spreadsheet would run as a formula, were it not defused.
      const account = `@dg-${tag}-csv-${locale}`;
      const { caseId, referenceCode } = await seedCase(harness.db, { accountId: account, eventType: 'loan.opened', ruleId: 'loan.new-device', openedMinutesAgo: 30 });
      await harness.db.query(
        `INSERT INTO account_contact (account_id, kind, value, valid_from, source_event_id) VALUES ($1, 'phone', '+8613812345678', now(), $2), ($1, 'email', 'li.wei@example.com', now(), $3)`,
        [account, randomUUID(), randomUUID()],
      );
      const { context, page } = await open(locale, `#/queue?account=${encodeURIComponent(account)}`, ANA);
      await page.waitForSelector(`tr[data-case="${caseId}"]`);
      const href = (await page.getAttribute('[data-testid=export]', 'href'))!;
      const exported = await page.context().request.get(`${harness.url('console')}${href}`);
      expect(exported.status()).toBe(200);
      const bytes = await exported.body();
      // A UTF-8 byte-order mark, without which spreadsheet software reads the Chinese as mojibake.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = bytes.subarray(3).toString('utf8');
      const [header, row] = csv.trim().split('\n');
      expect(header.startsWith(words[locale].header)).toBe(true);
      expect(header).toContain(words[locale].link);
      expect(header).toContain(words[locale].explanation);
      expect(row.startsWith(`${referenceCode},'@dg-`)).toBe(true);
      expect(row).toContain(`,${words[locale].status},`);
      expect(row).toContain(`,${words[locale].decision},`);
      expect(row).toContain(`,${PUBLIC_BASE}/#/cases/${caseId},`);
      expect(row).toContain(words[locale].why);
      expect(row).toContain(',+86138****5678,');
      expect(csv).not.toContain("'+86");
      for (const leak of ['13812345678', 'li.wei@']) expect(csv).not.toContain(leak);
      await context.close();
    }
  });

  it("3: a colleague's note arrives live on an open case page, masked", async () => {
    const bo = await harness.console(BO.username, BO.password);
    for (const locale of LOCALES) {
      const { caseId } = await seed(`live-note-${locale}`);
      // Seeded long ago, so the feed has nothing of its own to say about the case: only the note may bring it back.
      await harness.db.query(`UPDATE fraud_case SET updated_at = now() - interval '1 hour' WHERE id = $1`, [caseId]);
      const { context, page } = await open(locale, `#/cases/${caseId}`, ANA);
      await page.waitForSelector('[data-testid=audit]');
      await bo.post(`/api/cases/${caseId}/notes`, { body: `${locale}: called the borrower on 139-1234-5678, no answer` });
      // The feed reads changes every second; well within ten, and without a reload.
      const note = await page.waitForSelector(`ul.notes li p:has-text("${locale}: called the borrower")`, { timeout: 10_000 });
      expect(await note.textContent()).not.toContain('139-1234');
      await page.screenshot({ path: screenshotPath(`console-defects-live-note-${locale}`), fullPage: true });
      await context.close();
    }
  });
});
